"""Suggestions and complaints, and satisfaction surveys."""

from feedback.models.suggestions import (
    MESSAGE_MAX_LENGTH,
    MESSAGE_MIN_LENGTH,
    Feedback,
    FeedbackEvent,
    FeedbackNote,
    ReplyTemplate,
)
from feedback.models.surveys import (
    RATING_LABELS,
    Answer,
    Choice,
    Question,
    Survey,
    SurveyResponse,
)

__all__ = [
    "MESSAGE_MAX_LENGTH",
    "MESSAGE_MIN_LENGTH",
    "RATING_LABELS",
    "Answer",
    "Choice",
    "Feedback",
    "FeedbackEvent",
    "FeedbackNote",
    "Question",
    "ReplyTemplate",
    "Survey",
    "SurveyResponse",
]
