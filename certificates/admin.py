"""The registry in Django admin: search, filters, revocation and replacement with a reason,
QR codes to print, bulk import, and the read-only inquiry log with CSV export."""

import io

import jdatetime
import segno
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources
from import_export.admin import ExportMixin
from simple_history.admin import SimpleHistoryAdmin

from certificates import services
from certificates.imports import runs as import_runs
from certificates.models import (
    ApiKey,
    BulkCheck,
    Certificate,
    GuessingAlert,
    ImportRun,
    Inquiry,
    Membership,
    Organisation,
    Standard,
    TrainingCentre,
)
from certificates.seal.admin import CertificateSealAdmin
from servicedesk import uploads
from servicedesk.admin_mixins import ReadOnly, RecordedByThePortal
from servicedesk.jalali import to_jalali
from servicedesk.spreadsheets import ExportCSV, ExportXLSX
from servicedesk.text import normalize_code


@admin.register(Standard)
class StandardAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "title_en"]
    search_fields = ["code", "title", "title_en"]


@admin.register(TrainingCentre)
class TrainingCentreAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "province", "kind"]
    list_filter = ["kind", "province"]
    search_fields = ["name", "city"]


class IssueYearFilter(admin.SimpleListFilter):
    """Filter by the Jalali year of issue, as staff speak of it."""

    title = _("year of issue")
    parameter_name = "issue_year"

    def lookups(self, request, model_admin):
        current = to_jalali(timezone.localdate()).year
        return [(str(year), str(year)) for year in range(current, current - 30, -1)]

    def queryset(self, request, queryset):
        if not (self.value() or "").isdigit():
            return queryset
        year = int(self.value())
        start = jdatetime.date(year, 1, 1).togregorian()
        end = jdatetime.date(year + 1, 1, 1).togregorian()
        return queryset.filter(issue_date__gte=start, issue_date__lt=end)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (shown to everyone who checks the certificate)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReplaceForm(ReasonForm):
    replacement = forms.CharField(label=_("Number of the replacing certificate"), max_length=40)

    def clean_replacement(self):
        number = normalize_code(self.cleaned_data["replacement"])
        try:
            return Certificate.objects.get(number=number)
        except Certificate.DoesNotExist:
            raise forms.ValidationError(_("No certificate has this number.")) from None


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_("Columns as in the import format; UTF-8 or Windows-1256; Jalali dates."),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: check and count, write nothing"), required=False, initial=True
    )


@admin.register(Certificate)
class CertificateAdmin(CertificateSealAdmin, SimpleHistoryAdmin):
    list_display = [
        "number",
        "holder",
        "masked_national_id",
        "standard",
        "training_centre",
        "issue_date",
        "status",
    ]
    list_filter = ["status", IssueYearFilter, "standard", "training_centre"]
    # Exact matches use the indexes; names are searched by prefix.
    search_fields = ["=number", "=national_id", "last_name__startswith", "first_name__startswith"]
    list_select_related = ["standard", "training_centre"]
    raw_id_fields = ["replaced_by"]
    autocomplete_fields = ["standard", "training_centre"]
    readonly_fields = ["token", "qr_links", "seal_qr_links", "created", "updated"]
    actions = ["revoke", "replace", "export_seals"]
    show_full_result_count = False  # counting a million rows for every page is slow
    fieldsets = [
        (None, {"fields": ["number", "national_id", "status", "status_reason", "replaced_by"]}),
        (
            _("Holder"),
            {
                "fields": [
                    ("first_name", "last_name"),
                    "father_name",
                    ("first_name_en", "last_name_en"),
                    "birth_date",
                ]
            },
        ),
        (
            _("Certificate"),
            {
                "fields": [
                    "standard",
                    "grade",
                    ("theory_score", "practical_score"),
                    ("exam_date", "issue_date", "valid_until"),
                    "training_centre",
                    "status_changed_on",
                ]
            },
        ),
        (_("QR link"), {"fields": ["token", "qr_links", "seal_qr_links", "created", "updated"]}),
    ]

    @admin.display(description=_("holder"), ordering="last_name")
    def holder(self, certificate):
        return certificate.holder_name

    @admin.display(description=_("national code"))
    def masked_national_id(self, certificate):
        return certificate.masked_national_id

    @admin.display(description=_("QR code"))
    def qr_links(self, certificate):
        if not certificate.pk:
            return "—"
        return format_html(
            '<a href="{}">SVG</a> · <a href="{}">PNG</a> · <span dir="ltr">{}</span>',
            reverse("admin:certificates_certificate_qr", args=[certificate.pk, "svg"]),
            reverse("admin:certificates_certificate_qr", args=[certificate.pk, "png"]),
            qr_url(certificate),
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/qr.<str:kind>",
                self.admin_site.admin_view(self.qr_view),
                name="certificates_certificate_qr",
            ),
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="certificates_certificate_import",
            ),
            path(
                "import/<int:pk>/",
                self.admin_site.admin_view(self.import_run_view),
                name="certificates_certificate_import_run",
            ),
            *super().get_urls(),
        ]

    def qr_view(self, request, pk, kind):
        certificate = get_object_or_404(Certificate, pk=pk)
        if not self.has_view_permission(request, certificate) or kind not in ("svg", "png"):
            raise PermissionDenied
        buffer = io.BytesIO()
        segno.make(qr_url(certificate), error="q").save(buffer, kind=kind, scale=10, border=4)
        response = HttpResponse(
            buffer.getvalue(), content_type=f"image/{'svg+xml' if kind == 'svg' else 'png'}"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="certificate-{certificate.number}.{kind}"'
        )
        return response

    # Staff roles: importing a file and revoking or replacing are permissions of their own.
    def has_import_permission(self, request):
        return request.user.has_perm("certificates.import_certificates")

    def has_revoke_permission(self, request):
        return request.user.has_perm("certificates.revoke_certificate")

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if self.has_revoke_permission(request):
            return fields
        return [*fields, "status", "status_reason", "status_changed_on", "replaced_by"]

    @uploads.accepts_upload("import")
    def import_view(self, request):
        """The upload is kept and imported by the queue's worker: see its progress page."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        if uploads.too_large(request):  # the upload handler dropped the file
            form = ImportForm(request.POST, request.FILES)
            form.errors.pop("file", None)
            form.add_error("file", uploads.too_large_message("import"))
        elif request.method == "POST" and form.is_valid():
            run = import_runs.import_run_start(
                upload=form.cleaned_data["file"],
                dry_run=form.cleaned_data["dry_run"],
                user=request.user,
                language=translation.get_language(),
            )
            return redirect("admin:certificates_certificate_import_run", pk=run.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import certificates"),
            "form": form,
            "runs": ImportRun.objects.order_by("-created")[:5],
        }
        status = 413 if uploads.too_large(request) else 400 if form.errors else 200
        return render(request, "admin/certificates/certificate/import.html", context, status=status)

    def import_run_view(self, request, pk):
        """Rows read so far (the page reloads itself), then the summary or every rejected row."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        run = get_object_or_404(ImportRun, pk=pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import of %(file)s") % {"file": run.source},
            "run": run,
            "summary": import_runs.import_run_summary(run) if run.counts else "",
            "refresh_seconds": 2,
        }
        return render(request, "admin/certificates/certificate/import_run.html", context)

    def _reason_action(self, request, queryset: QuerySet, form_class, title, apply):
        form = form_class(request.POST if "confirm" in request.POST else None)
        if form.is_valid():
            for certificate in queryset:
                apply(certificate, form.cleaned_data)
            self.message_user(
                request, _("%(count)s certificates changed.") % {"count": len(queryset)}
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            "form": form,
            "queryset": queryset,
            "action": request.POST["action"],
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return render(request, "admin/certificates/certificate/reason_action.html", context)

    @admin.action(
        description=_("Revoke the selected certificates (with a reason)"), permissions=["revoke"]
    )
    def revoke(self, request, queryset):
        return self._reason_action(
            request,
            queryset,
            ReasonForm,
            _("Revoke certificates"),
            lambda certificate, data: services.certificate_revoke(
                certificate=certificate, reason=data["reason"]
            ),
        )

    @admin.action(
        description=_("Mark the selected certificate as replaced (with a reason)"),
        permissions=["revoke"],
    )
    def replace(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(
                request, _("Choose exactly one certificate to replace."), messages.ERROR
            )
            return None
        return self._reason_action(
            request,
            queryset,
            ReplaceForm,
            _("Replace a certificate"),
            lambda certificate, data: services.certificate_replace(
                certificate=certificate, replacement=data["replacement"], reason=data["reason"]
            ),
        )

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "import_url": reverse("admin:certificates_certificate_import")
            if self.has_import_permission(request)
            else None,
        }
        return super().changelist_view(request, extra_context)


def qr_url(certificate: Certificate) -> str:
    """The link printed on the certificate: the unprefixed (Persian) path, whatever the
    language of the staff member who downloads it."""
    with translation.override(settings.LANGUAGE_CODE):
        return settings.SITE_URL + certificate.get_absolute_url()


class InquiryResource(resources.ModelResource):
    certificate = fields.Field(attribute="certificate__number", column_name="certificate")

    class Meta:
        model = Inquiry
        fields = [
            "created",
            "receipt_code",
            "channel",
            "outcome",
            "certificate",
            "checked_number",
            "checked_national_id",
            "language",
        ]
        export_order = fields


@admin.register(Inquiry)
class InquiryAdmin(ReadOnly, ExportMixin, admin.ModelAdmin):
    """The inquiry log: read-only, filterable, exportable."""

    resource_classes = [InquiryResource]
    # CSV and XLSX written by the portal's one writer: no cell of the log is a live formula.
    formats = [ExportCSV, ExportXLSX]
    list_display = [
        "created",
        "receipt_code",
        "channel",
        "outcome",
        "certificate",
        "checked_number",
    ]
    list_filter = ["channel", "outcome", ("created", admin.DateFieldListFilter), "language"]
    search_fields = ["=receipt_code", "=checked_number"]
    list_select_related = ["certificate"]
    date_hierarchy = "created"
    show_full_result_count = False


class MembershipInline(admin.TabularInline):
    model = Membership
    raw_id_fields = ["user"]
    extra = 0


class ApiKeyInline(admin.TabularInline):
    model = ApiKey
    fields = ["name", "prefix", "requests_per_minute", "created", "last_used", "revoked"]
    readonly_fields = ["name", "prefix", "created", "last_used", "revoked"]
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False  # keys are issued on their own page, which shows them once


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "national_id", "contact_name", "contact_email", "active"]
    list_filter = ["active"]
    search_fields = ["name", "=national_id", "contact_name", "contact_email"]
    inlines = [MembershipInline, ApiKeyInline]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["prefix", "name", "organisation", "requests_per_minute", "last_used", "revoked"]
    list_filter = [("revoked", admin.EmptyFieldListFilter), "organisation"]
    search_fields = ["=prefix", "name", "organisation__name"]
    list_select_related = ["organisation"]
    raw_id_fields = ["organisation"]
    readonly_fields = ["prefix", "created", "last_used", "revoked"]
    actions = ["revoke"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["organisation", "name", "requests_per_minute"]
        return [
            "organisation",
            "name",
            "prefix",
            "requests_per_minute",
            "created",
            "last_used",
            "revoked",
        ]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        # Held on the object for this request only, for response_add to show: a message would
        # carry it in a cookie or the session.
        obj.issued_key = services.api_key_issue(api_key=obj)
        return None

    def response_add(self, request, obj, post_url_continue=None):
        """The new key, shown once on its own page (the admin's pages are never cached)."""
        key = getattr(obj, "issued_key", None)
        if key is None:
            return super().response_add(request, obj, post_url_continue)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("New API key"),
            "api_key": obj,
            "key": key,
        }
        return render(request, "admin/certificates/apikey/issued.html", context)

    @admin.action(description=_("Revoke the selected keys"), permissions=["change"])
    def revoke(self, request, queryset):
        for api_key in queryset:
            services.api_key_revoke(api_key=api_key)
        self.message_user(request, _("%(count)s keys revoked.") % {"count": len(queryset)})


@admin.register(BulkCheck)
class BulkCheckAdmin(RecordedByThePortal, admin.ModelAdmin):
    list_display = [
        "created",
        "organisation",
        "source_name",
        "rows",
        "valid",
        "not_found",
        "rejected",
    ]
    list_filter = ["organisation"]
    list_select_related = ["organisation"]
    date_hierarchy = "created"


@admin.register(GuessingAlert)
class GuessingAlertAdmin(RecordedByThePortal, admin.ModelAdmin):
    """Numbers and organisations that spent their daily budget of checks without a match."""

    list_display = ["created", "scope", "checked_number", "organisation", "channel", "failures"]
    list_filter = ["scope", "channel"]
    search_fields = ["=checked_number", "organisation__name"]
    list_select_related = ["organisation"]
    date_hierarchy = "created"


# Manual inquiries register their admin from their own package.
from certificates.manual import admin as manual_admin  # noqa: E402,F401
