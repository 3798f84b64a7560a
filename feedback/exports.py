"""The CSV export of a survey's responses, for staff: one row per response, one column per
question, in the order of the survey."""

import csv
import io

from feedback.models import Question, Survey
from feedback.selectors import survey_responses_for_export

# Cells that a spreadsheet would run as a formula (CSV injection) get a leading apostrophe.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def survey_csv(survey: Survey) -> str:
    """UTF-8 with a byte-order mark, so that Excel shows Persian text correctly."""
    questions = list(survey.questions.all())
    output = io.StringIO()
    output.write("\ufeff")
    writer = csv.writer(output)
    writer.writerow(
        ["response", "submitted_at", "service_id", "language"]
        + [f"q{index}: {question.text}" for index, question in enumerate(questions, start=1)]
    )
    for response in survey_responses_for_export(survey=survey):
        by_question = {answer.question_id: answer for answer in response.answers.all()}
        row = [
            response.pk,
            response.submitted_at.isoformat(timespec="seconds"),
            response.service.service_id if response.service else "",
            response.language,
        ]
        for question in questions:
            answer = by_question.get(question.pk)
            if answer is None:
                row.append("")
            elif question.type == Question.Type.RATING:
                row.append(answer.rating)
            elif question.type == Question.Type.TEXT:
                row.append(answer.text)
            else:
                row.append("; ".join(choice.text for choice in answer.choices.all()))
        writer.writerow([_cell(value) for value in row])
    return output.getvalue()
