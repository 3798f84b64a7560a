"""The JSON API for employers' systems: one check, or many, with a key.

The same form validates what a person types and what a program sends, the same service
decides the outcome, and the OpenAPI document is generated from the schemas below.
"""

import json
from typing import Literal

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser
from ninja.security import HttpBearer

from certificates import bulk, selectors, services
from certificates.budget import BudgetSpent
from certificates.forms import VerificationForm
from certificates.imports.reader import UnreadableFile
from certificates.models import ApiKey, Inquiry
from servicedesk import ratelimits, uploads
from servicedesk.clients import client_hash

OutcomeName = Literal["valid", "expired", "revoked", "replaced", "not_found"]


class CheckIn(Schema):
    number: str
    national_id: str


class BulkItemIn(CheckIn):
    reference: str = ""


class StandardOut(Schema):
    code: str
    title: str
    title_en: str


class CertificateOut(Schema):
    number: str
    national_id: str
    first_name: str
    last_name: str
    first_name_en: str
    last_name_en: str
    father_name: str
    standard: StandardOut
    grade: str
    issue_date: str
    issue_date_jalali: str
    valid_until: str | None
    training_centre: str
    status_reason: str
    status_changed_on: str | None
    replaced_by: str | None


class CheckOut(Schema):
    status: OutcomeName
    receipt: str
    certificate: CertificateOut | None


class BulkItemOut(Schema):
    line: int
    reference: str
    status: OutcomeName | None
    receipt: str | None
    certificate: CertificateOut | None
    errors: dict[str, list[str]] | None


class BulkOut(Schema):
    results: list[BulkItemOut]
    rejected: int


class ErrorsOut(Schema):
    errors: dict[str, list[str]]


def _json(body: bytes):
    """The decoded body; ValueError for anything that is not JSON, too deeply nested included."""
    try:
        return json.loads(body)
    except RecursionError:
        raise ValueError("nested too deeply") from None


class JsonParser(Parser):
    def parse_body(self, request: HttpRequest):
        return _json(request.body)


class ApiKeyAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiKey | None:
        api_key = selectors.api_key_for(key=token.strip())
        if api_key is not None:
            services.api_key_mark_used(api_key=api_key)
        return api_key


class PrivateAnswersAPI(NinjaAPI):
    """Every answer may carry a holder's data: no browser or proxy may keep a copy."""

    def create_response(self, request, data, *args, **kwargs):
        response = super().create_response(request, data, *args, **kwargs)
        add_never_cache_headers(response)
        return response


api = PrivateAnswersAPI(
    title="Skill certificate verification API",
    version="1",
    description=(
        "Check whether a skill certificate of the General Directorate of Technical and "
        "Vocational Training of Mazandaran is genuine. Send `Authorization: Bearer <key>`."
    ),
    auth=ApiKeyAuth(),
    parser=JsonParser(),
    urls_namespace="api",
    docs_url=None,
    openapi_url="/openapi.json",
)
ERRORS = {400: ErrorsOut, 401: ErrorsOut, 429: ErrorsOut}


def _errors(request, errors: dict[str, list[str]], status: int, **headers):
    response = api.create_response(request, {"errors": errors}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


@api.exception_handler(AuthenticationError)
def unauthorised(request, exc):
    return _errors(
        request,
        {"authorization": [_("Send a valid API key: Authorization: Bearer <key>.")]},
        401,
        WWW_Authenticate="Bearer",
    )


@api.exception_handler(ValidationError)
def invalid(request, exc):
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ()) if part not in ("body", "payload")]
        errors.setdefault(".".join(location) or "body", []).append(error.get("msg", ""))
    return _errors(request, errors, 400)


@api.exception_handler(HttpError)
def http_error(request, exc):
    if exc.status_code == 400:
        return _errors(request, {"body": [_("The request body is not valid JSON.")]}, 400)
    return _errors(request, {"request": [str(exc)]}, exc.status_code)


def _refused(request, refusal: BudgetSpent, *, field: str):
    return _errors(request, {field: [str(refusal)]}, 429, Retry_After=str(refusal.retry_after))


@api.exception_handler(uploads.UploadTooLarge)
def upload_too_large(request, exc):
    return _errors(request, {"file": [str(exc)]}, 413)


@api.exception_handler(RequestDataTooBig)
def body_too_large(request, exc):
    return _errors(request, {"body": [_("The request body is too large.")]}, 413)


def _limited(request, api_key: ApiKey):
    wait = ratelimits.attempt(
        request,
        "api",
        rate=ratelimits.Rate(limit=api_key.requests_per_minute, period=60),
        key=f"key-{api_key.pk}",
    )
    if wait:
        return _errors(
            request,
            {"rate": [_("Too many requests for this key; try again later.")]},
            429,
            Retry_After=str(wait),
        )
    return None


@api.post(
    "/verifications",
    response={200: CheckOut, **ERRORS},
    summary="Check one certificate",
    description="Outcome, receipt code, and the certificate's details when number and national "
    "code both match (`certificate` is null otherwise: the answer never says which half was "
    "wrong). A certificate number that has had too many checks without a match today, from "
    "anyone, is refused with 429 until the limit resets; so is an organisation that made too "
    "many.",
)
def verify(request, payload: CheckIn):
    api_key: ApiKey = request.auth
    if (limited := _limited(request, api_key)) is not None:
        return limited
    form = VerificationForm(payload.dict())
    if not form.is_valid():
        return Status(
            400, {"errors": {field: list(messages) for field, messages in form.errors.items()}}
        )
    try:
        inquiry = services.certificate_verify(
            number=form.cleaned_data["number"],
            national_id=form.cleaned_data["national_id"],
            channel=Inquiry.Channel.API,
            language=get_language(),
            client=client_hash(request),
            organisation=api_key.organisation,
        )
    except BudgetSpent as refusal:
        return _refused(request, refusal, field="number")
    return {
        "status": inquiry.outcome,
        "receipt": inquiry.receipt_code,
        "certificate": bulk.certificate_json(inquiry.certificate, inquiry.outcome),
    }


BULK_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "array",
                    "maxItems": bulk.MAX_ROWS,
                    "items": BulkItemIn.model_json_schema(),
                }
            },
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "CSV or XLSX with the columns number, national_id "
                            "and optionally reference",
                        }
                    },
                }
            },
        },
    }
}


@api.post(
    "/verifications/bulk",
    response={200: BulkOut, **ERRORS},
    summary="Check many certificates",
    description=f"Up to {bulk.MAX_ROWS:,} checks: a JSON list, or a CSV/XLSX file. Results "
    "come in the order of the input, one per item; an item with bad input carries `errors` "
    "and no receipt, and so does an item whose certificate number is refused for too many "
    "checks without a match today. A request with more rows for one number than its daily "
    "allowance of checks without a match is refused whole (429), as is every request of an "
    "organisation that made too many such checks today.",
    openapi_extra=BULK_BODY,
)
def verify_many(request):
    api_key: ApiKey = request.auth
    if (limited := _limited(request, api_key)) is not None:
        return limited
    try:
        rows, source = _bulk_rows(request)
    except bulk.TooManyRows:
        return Status(
            400,
            {
                "errors": {
                    "body": [
                        _("At most %(count)s checks at once.") % {"count": f"{bulk.MAX_ROWS:,}"}
                    ]
                }
            },
        )
    except (UnreadableFile, ValueError) as error:
        return Status(400, {"errors": {"body": [str(error)]}})
    try:
        outcome = bulk.bulk_verify(
            rows,
            channel=Inquiry.Channel.API,
            language=get_language(),
            client=client_hash(request),
            organisation=api_key.organisation,
            api_key=api_key,
            source_name=source,
        )
    except BudgetSpent as refusal:
        return _refused(request, refusal, field="body")
    results = [
        {
            "line": row.line,
            "reference": row.reference,
            "status": row.inquiry.outcome if row.inquiry else None,
            "receipt": row.inquiry.receipt_code if row.inquiry else None,
            "certificate": bulk.certificate_json(row.certificate, row.inquiry.outcome)
            if row.inquiry
            else None,
            "errors": row.errors or None,
        }
        for row in outcome.rows
    ]
    return {"results": results, "rejected": sum(1 for row in outcome.rows if row.errors)}


def _bulk_rows(request) -> tuple[list[tuple[int, dict]], str]:
    """The items of a bulk request, from a file or a JSON list, and the file's name.

    Raises UploadTooLarge, ValueError (nothing to check, not a list of objects), or
    ValidationError with every item's errors when no item can be checked.
    """
    uploads.limit_request(request, "bulk")
    if request.content_type == "multipart/form-data":
        upload = request.FILES.get("file")
        if uploads.too_large(request):
            raise uploads.UploadTooLarge("bulk")
        if upload is None:
            raise ValueError(_("Attach the file in a field named file."))
        rows, source = bulk.read_rows(upload.file), upload.name
        if not rows:
            raise ValueError(_("The file has no rows to check."))
    else:
        try:
            items = _json(request.body or b"null")
        except ValueError:
            raise ValueError(_("The request body is not valid JSON.")) from None
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            raise ValueError(_("Send a JSON list of objects with number and national_id."))
        if not items:
            raise ValueError(_("Send at least one item to check."))
        if len(items) > bulk.MAX_ROWS:
            raise bulk.TooManyRows
        rows, source = [(index, item) for index, item in enumerate(items, start=1)], ""
    if all(bulk._clean(line, row).errors for line, row in rows):  # stops at the first good row
        raise ValidationError(
            [
                {"loc": (line, column), "msg": message}
                for line, row in rows
                for column, messages in bulk._clean(line, row).errors.items()
                for message in messages
            ]
        )
    return rows, source
