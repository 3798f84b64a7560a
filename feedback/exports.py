"""The CSV export of a survey's responses, for staff: one row per response, one column per
question, in the order of the survey."""

from feedback.models import Question, Survey
from feedback.selectors import survey_responses_for_export
from servicedesk import spreadsheets


def survey_csv(survey: Survey) -> str:
    """UTF-8 with a byte-order mark, so that Excel shows Persian text correctly; no cell, the
    question texts of the header included, is a live formula."""
    questions = list(survey.questions.all())
    return spreadsheets.csv_text([_header(questions), *_rows(survey, questions)])


def _header(questions: list[Question]) -> list[str]:
    return ["response", "submitted_at", "service_id", "language"] + [
        f"q{index}: {question.text}" for index, question in enumerate(questions, start=1)
    ]


def _rows(survey: Survey, questions: list[Question]):
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
        yield row
