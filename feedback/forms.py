"""Forms of the feedback app: they validate and normalise what people type (Persian digits,
+98 mobile numbers, tracking codes in any case), nothing else."""

import re
import secrets
import time

from captcha.fields import CaptchaField, CaptchaTextInput
from captcha.models import CaptchaStore
from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from feedback.models import (
    MESSAGE_MAX_LENGTH,
    MESSAGE_MIN_LENGTH,
    RATING_LABELS,
    Feedback,
    Question,
    Survey,
)
from feedback.selectors import feedback_services
from servicedesk.fields import MobileField, NormalizedEmailField, TrackingCodeField
from servicedesk.language import localized
from servicedesk.numbers import format_number
from servicedesk.text import normalize_code, normalize_text
from sla.models import Service

HONEYPOT = "website"
START_SALT = "feedback.form-start"
# A form left open longer than this is stale: its start time no longer says anything.
START_MAX_AGE = 24 * 3600


# --- normalisers ----------------------------------------------------------------------------------
def normalize_message(value: str) -> str:
    """Free text of several lines: each line normalised, paragraphs kept, at most one blank
    line between them."""
    lines = [normalize_text(line) for line in value.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def sign_start(at: float | None = None) -> str:
    """The moment a form was shown, signed so that nobody can claim an earlier one."""
    return signing.dumps(int(at if at is not None else time.time()), salt=START_SALT)


def read_start(token: str) -> float | None:
    try:
        return float(signing.loads(token, salt=START_SALT, max_age=START_MAX_AGE))
    except (signing.BadSignature, TypeError, ValueError):
        return None


# --- fields ---------------------------------------------------------------------------------------
class ServiceChoiceField(forms.ModelChoiceField):
    """A published service by its eleven-digit ID (Persian digits accepted)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", feedback_services())
        kwargs.setdefault("to_field_name", "service_id")
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = normalize_code(value)
        return super().to_python(value)

    def label_from_instance(self, obj: Service) -> str:
        return localized(obj, "title")


def sum_challenge() -> tuple[str, str]:
    """A sum of two digits: easy on any keyboard, and no × that a tilt turns into a +."""
    first, second = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    return f"{first}+{second}=", str(first + second)


class PortalCaptchaInput(CaptchaTextInput):
    """django-simple-captcha's widget, with its picture served at our own address (the
    project's URLs stay untouched) and an alternative text people can act on."""

    # Widgets render through the form renderer, which reads app template folders only: this
    # one lives in feedback/templates/, not in the project's templates/.
    template_name = "feedback/widgets/captcha.html"
    # One answer box with one label (the key travels hidden), not a group of inputs.
    use_fieldset = False

    def fetch_captcha_store(self, name, value, attrs=None, generator=None):
        key = CaptchaStore.generate_key(generator)
        self._value = [key, ""]
        self._key = key
        self.id_ = self.build_attrs(attrs).get("id", None)

    def image_url(self):
        return reverse("feedback:captcha-image", kwargs={"key": self._key})

    def audio_url(self):
        return None


class PortalCaptchaField(CaptchaField):
    """A sum drawn as a picture; the answer may be typed in Persian digits."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", PortalCaptchaInput(generator=sum_challenge))
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": _(
                    "That is not the answer to the sum in the picture. Please try the new one."
                ),
                "required": _("Type the answer to the sum in the picture."),
            },
        )
        super().__init__(**kwargs)
        self.widget.widgets[1].attrs.update(inputmode="numeric", dir="ltr")

    def clean(self, value):
        if isinstance(value, list | tuple) and len(value) == 2 and value[1]:
            value = [value[0], normalize_code(value[1])]
        return super().clean(value)


# --- suggestions and complaints ------------------------------------------------------------------
class FeedbackForm(forms.Form):
    service = ServiceChoiceField(
        label=_("Service"),
        empty_label=_("Choose the service"),
        error_messages={
            "required": _("Choose the service your message is about."),
            "invalid_choice": _("Choose one of the listed services."),
        },
    )
    kind = forms.ChoiceField(
        label=_("What kind of message is it?"),
        choices=Feedback.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what kind of message this is."),
            "invalid_choice": _("Choose one of the listed kinds."),
        },
    )
    message = forms.CharField(
        label=_("Your message"),
        widget=forms.Textarea(attrs={"rows": 7}),
        error_messages={"required": _("Write your message.")},
    )
    contact_email = NormalizedEmailField(
        label=_("Email (optional)"),
        required=False,
        max_length=254,
        help_text=_("To receive the answer by email. Never published."),
        error_messages={"invalid": _("Enter an email address such as name@example.com.")},
    )
    contact_phone = MobileField(
        label=_("Mobile number (optional)"),
        required=False,
        help_text=_("If staff need to call you. Never published."),
    )
    # A field people never see and programs fill in.
    website = forms.CharField(required=False, label=_("Leave this field empty"))
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, require_captcha: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.require_captcha = require_captcha
        if require_captcha:
            self.fields["captcha"] = PortalCaptchaField(
                label=_("Answer to the sum in the picture"),
                help_text=_("We ask this only because of unusual activity from your connection."),
            )
        self.fields[HONEYPOT].widget.attrs.update(autocomplete="off", tabindex="-1")
        self.fields["message"].help_text = _(
            "Between %(min)s and %(max)s characters. Please do not include your national code."
        ) % {"min": format_number(MESSAGE_MIN_LENGTH), "max": format_number(MESSAGE_MAX_LENGTH)}
        self.fields["message"].widget.attrs.update(
            {"data-counter": "message-counter", "data-max": MESSAGE_MAX_LENGTH}
        )
        if not self.is_bound:
            self.initial.setdefault("started", sign_start())

    def clean_message(self):
        message = normalize_message(self.cleaned_data["message"])
        if len(message) < MESSAGE_MIN_LENGTH:
            raise ValidationError(
                _("Please write at least %(min)s characters so that we can act on it."),
                code="too_short",
                params={"min": format_number(MESSAGE_MIN_LENGTH)},
            )
        if len(message) > MESSAGE_MAX_LENGTH:
            raise ValidationError(
                _("Please shorten your message to %(max)s characters; it has %(count)s."),
                code="too_long",
                params={
                    "max": format_number(MESSAGE_MAX_LENGTH),
                    "count": format_number(len(message)),
                },
            )
        return message

    def clean(self):
        cleaned = super().clean()
        if self.data.get(HONEYPOT):
            raise ValidationError(
                _(
                    "Your message was not sent: a field that only automated programs see was filled in. "
                    "If you are a person, please answer the extra question below and send it again."
                ),
                code="honeypot",
            )
        started = read_start(self.data.get("started", ""))
        if started is None:
            raise ValidationError(
                _("This form has expired. Please check your message and send it again."),
                code="expired",
            )
        if time.time() - started < settings.FEEDBACK_MIN_FILL_SECONDS:
            raise ValidationError(
                _(
                    "Your message was sent faster than a person can type it, so it was not accepted. "
                    "Please check it, answer the extra question below and send it again."
                ),
                code="too_fast",
            )
        return cleaned

    @property
    def spam_signals(self) -> set[str]:
        """Which spam checks refused this form (``honeypot``, ``too_fast``)."""
        errors = self.errors.as_data().get(NON_FIELD_ERRORS, [])
        return {e.code for e in errors} & {"honeypot", "too_fast"}


class TrackForm(forms.Form):
    code = TrackingCodeField()


class HelpfulForm(forms.Form):
    helpful = forms.TypedChoiceField(
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        error_messages={"required": _("Say whether the answer helped.")},
    )


# --- surveys ------------------------------------------------------------------------------------
def _field_name(question: Question) -> str:
    return f"q{question.pk}"


class SurveyForm(forms.Form):
    """The questions of one survey, in order; choices outside the list are refused."""

    def __init__(self, *args, survey: Survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.questions = list(survey.questions.all())
        if survey.service_id is None:
            self.fields["service"] = ServiceChoiceField(
                label=_("Which service is your answer about?"),
                required=False,
                empty_label=_("Not about one service"),
                error_messages={"invalid_choice": _("Choose one of the listed services.")},
            )
        messages = {
            "required": _("This question needs an answer."),
            "invalid_choice": _("Choose among the listed answers."),
        }
        for question in self.questions:
            label = localized(question, "text")
            common = {"label": label, "required": question.required, "error_messages": messages}
            if question.type == Question.Type.RATING:
                field = forms.TypedChoiceField(
                    choices=[
                        (value, f"{format_number(value)} · {text}")
                        for value, text in RATING_LABELS.items()
                    ],
                    coerce=int,
                    widget=forms.RadioSelect,
                    **common,
                )
            elif question.type == Question.Type.SINGLE:
                field = forms.TypedChoiceField(
                    choices=[(c.pk, localized(c, "text")) for c in question.choices.all()],
                    coerce=int,
                    widget=forms.RadioSelect,
                    **common,
                )
            elif question.type == Question.Type.MULTIPLE:
                field = forms.TypedMultipleChoiceField(
                    choices=[(c.pk, localized(c, "text")) for c in question.choices.all()],
                    coerce=int,
                    widget=forms.CheckboxSelectMultiple,
                    **common,
                )
            else:
                field = forms.CharField(
                    widget=forms.Textarea(attrs={"rows": 3}),
                    max_length=1000,
                    help_text=_("Kept private: only staff read it. Up to 1,000 characters."),
                    **common,
                )
            if not question.required:
                field.label = _("%(question)s (optional)") % {"question": label}
            self.fields[_field_name(question)] = field

    def clean(self):
        cleaned = super().clean()
        for question in self.questions:
            name = _field_name(question)
            if question.type == Question.Type.TEXT and cleaned.get(name):
                cleaned[name] = normalize_message(cleaned[name])
        return cleaned

    def answers(self) -> dict:
        """The cleaned answers keyed by question: ratings as int, choices as Choice rows."""
        answers = {}
        for question in self.questions:
            value = self.cleaned_data.get(_field_name(question))
            if question.type in Question.CHOICE_TYPES:
                by_pk = {c.pk: c for c in question.choices.all()}
                if question.type == Question.Type.SINGLE:
                    value = by_pk.get(value) if value not in (None, "") else None
                else:
                    value = [by_pk[pk] for pk in value or []]
            answers[question] = value
        return answers
