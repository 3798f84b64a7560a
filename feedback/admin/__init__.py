"""Staff's side of feedback: the queue of suggestions and the surveys."""

from feedback.admin import suggestions, surveys  # noqa: F401 (registers the model admins)
