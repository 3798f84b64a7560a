"""Suggestions and complaints, and satisfaction surveys."""

from feedback.models.base import Timestamped
from feedback.models.suggestions import (
    CODE_ALPHABET,
    CODE_LENGTH,
    CODE_PATTERN,
    MESSAGE_MAX_LENGTH,
    MESSAGE_MIN_LENGTH,
    MOBILE_PATTERN,
    Feedback,
    FeedbackEvent,
    FeedbackNote,
    ReplyTemplate,
    format_tracking_code,
    new_tracking_code,
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
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "CODE_PATTERN",
    "MESSAGE_MAX_LENGTH",
    "MESSAGE_MIN_LENGTH",
    "MOBILE_PATTERN",
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
    "Timestamped",
    "format_tracking_code",
    "new_tracking_code",
]
