"""Pages for organisation users: bulk checks, their results, and the inquiry history."""

import datetime
from functools import wraps

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from certificates import bulk, selectors
from certificates.budget import BudgetSpent
from certificates.imports.reader import UnreadableFile
from certificates.models import Inquiry, Outcome
from servicedesk import spreadsheets, uploads
from servicedesk.clients import client_hash
from servicedesk.errors import render_error
from servicedesk.fields import JalaliDateField


def organisation_required(view):
    """Signed-in members of an active organisation only; others sign in or get a 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        organisation = selectors.organisation_of(request.user)
        if organisation is None:
            return render_error(request, 403)
        request.organisation = organisation
        return view(request, *args, **kwargs)

    return wrapper


class BulkUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV or XLSX file"),
        help_text=gettext_lazy(
            "Columns number and national_id, optionally reference (echoed back); up to 10,000 rows."
        ),
    )

    def __init__(self, *args, too_large: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = too_large

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > uploads.upload_limit("bulk"):
            raise forms.ValidationError(uploads.too_large_message("bulk"))
        try:
            self.rows = bulk.read_rows(upload.file)
        except bulk.TooManyRows:
            raise forms.ValidationError(
                _("At most %(count)s checks at once.") % {"count": f"{bulk.MAX_ROWS:,}"}
            ) from None
        except UnreadableFile as error:
            raise forms.ValidationError(str(error)) from None
        if not self.rows:
            raise forms.ValidationError(_("The file has no rows to check."))
        return upload

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self.too_large:
            # The upload handler dropped the file: say why it is missing.
            self._errors.pop("file", None)
            self.add_error("file", uploads.too_large_message("bulk"))


@uploads.accepts_upload("bulk")
@never_cache
@require_http_methods(["GET", "POST"])
@organisation_required
def bulk_check(request):
    form = (
        BulkUploadForm(request.POST, request.FILES, too_large=uploads.too_large(request))
        if request.method == "POST"
        else BulkUploadForm()
    )
    refusal = None
    if form.is_bound and form.is_valid():
        try:
            outcome = bulk.bulk_verify(
                form.rows,
                channel=Inquiry.Channel.BULK,
                language=get_language(),
                client=client_hash(request),
                organisation=request.organisation,
                user=request.user,
                source_name=form.cleaned_data["file"].name,
            )
        except BudgetSpent as spent:
            refusal = spent
            form.add_error("file", str(refusal))
        else:
            return redirect(outcome.record)
    runs = selectors.bulk_checks_of(organisation=request.organisation)[:20]
    if refusal:
        status = 429
    elif form.errors:
        status = 413 if uploads.too_large(request) else 400
    else:
        status = 200
    response = render(
        request,
        "certificates/bulkcheck_form.html",
        {"form": form, "runs": runs, "organisation": request.organisation},
        status=status,
    )
    if refusal:
        response["Retry-After"] = str(refusal.retry_after)
    return response


@never_cache
@require_GET
@organisation_required
def bulk_check_detail(request, pk):
    record = get_object_or_404(selectors.bulk_checks_of(organisation=request.organisation), pk=pk)
    problems = []
    if record.rejected:
        with record.result_csv.open("rb") as handle:
            problems = bulk.result_problems(handle)
    return render(
        request,
        "certificates/bulkcheck_detail.html",
        {"record": record, "problems": problems, "organisation": request.organisation},
    )


@never_cache
@require_GET
@organisation_required
def bulk_check_download(request, pk, kind):
    record = get_object_or_404(selectors.bulk_checks_of(organisation=request.organisation), pk=pk)
    if kind == "csv":
        file = record.result_csv
    elif kind == "xlsx":
        file = bulk.result_xlsx(record)
    else:
        raise Http404
    name = f"bulk-check-{record.created:%Y%m%d-%H%M}.{kind}"
    return FileResponse(file.open("rb"), as_attachment=True, filename=name)


# The header row of the file the bulk check reads (certificates.bulk.read_rows).
BULK_TEMPLATE_COLUMNS = ("number", "national_id", "reference")


@require_GET
def bulk_check_template(request, kind):
    """An empty file to fill in for a bulk check: the header row only, as CSV or XLSX."""
    if kind == "csv":
        content, content_type = spreadsheets.csv_bytes([BULK_TEMPLATE_COLUMNS]), "text/csv"
    elif kind == "xlsx":
        content = spreadsheets.xlsx_bytes([BULK_TEMPLATE_COLUMNS])
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise Http404
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="bulk-check-template.{kind}"'
    return response


class HistoryFilterForm(forms.Form):
    since = JalaliDateField(label=gettext_lazy("From (Jalali)"), required=False)
    until = JalaliDateField(label=gettext_lazy("Until (Jalali)"), required=False)
    outcome = forms.ChoiceField(
        label=gettext_lazy("Outcome"),
        required=False,
        choices=[("", gettext_lazy("any")), *list(Outcome.choices)],
    )
    channel = forms.ChoiceField(
        label=gettext_lazy("Channel"),
        required=False,
        choices=[("", gettext_lazy("any")), *list(Inquiry.Channel.choices)],
    )

    def filter(self, queryset):
        data = self.cleaned_data
        if data.get("since"):
            queryset = queryset.filter(created__date__gte=data["since"])
        if data.get("until"):
            queryset = queryset.filter(created__date__lte=data["until"])
        if data.get("outcome"):
            queryset = queryset.filter(outcome=data["outcome"])
        if data.get("channel"):
            queryset = queryset.filter(channel=data["channel"])
        return queryset


HISTORY_COLUMNS = ("checked_at", "channel", "number", "national_id", "outcome", "receipt")


def _history_rows(inquiries):
    for inquiry in inquiries.iterator(chunk_size=2000):
        yield [
            inquiry.created.isoformat(timespec="seconds"),
            inquiry.channel,
            inquiry.checked_number,
            inquiry.checked_national_id,
            inquiry.outcome,
            inquiry.receipt_code,
        ]


@never_cache
@require_GET
@organisation_required
def history(request):
    form = HistoryFilterForm(request.GET or None)
    inquiries = selectors.inquiries_of(organisation=request.organisation)
    if form.is_bound and not form.is_valid():
        return render(
            request,
            "certificates/inquiry_history.html",
            {"form": form, "page": None, "organisation": request.organisation},
            status=400,
        )
    if form.is_bound:
        inquiries = form.filter(inquiries)
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        table = [list(HISTORY_COLUMNS), *_history_rows(inquiries)]
        stamp = datetime.date.today().strftime("%Y%m%d")
        if export == "csv":
            response = HttpResponse(
                spreadsheets.csv_bytes(table), content_type="text/csv; charset=utf-8"
            )
        else:
            response = HttpResponse(
                spreadsheets.xlsx_bytes(table),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = f'attachment; filename="inquiries-{stamp}.{export}"'
        return response
    page = Paginator(inquiries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "certificates/inquiry_history.html",
        {"form": form, "page": page, "organisation": request.organisation},
    )
