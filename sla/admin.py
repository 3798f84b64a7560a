"""Staff's side of the service agreement: ID cards with their parts inline, agreement versions
(drafts editable, published ones read-only), holidays with a CSV import, and the recorded
measurements (read-only: the apps record them)."""

import jdatetime
from django import forms
from django.contrib import admin, messages
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.dates import WEEKDAYS
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from servicedesk.admin_mixins import ReadOnly
from servicedesk.fields import JalaliDateField
from servicedesk.jalali import format_date, jalali_iso, to_jalali
from sla import services
from sla.models import (
    AgreementSection,
    AgreementVersion,
    Commitment,
    FaqEntry,
    Holiday,
    LegalReference,
    Measurement,
    ProcessStep,
    RequiredDocument,
    Service,
    ServiceChannel,
    ServiceRecipient,
)


# --- services -------------------------------------------------------------------------------
class ProcessStepInline(admin.TabularInline):
    model = ProcessStep
    extra = 0


class RequiredDocumentInline(admin.TabularInline):
    model = RequiredDocument
    extra = 0


class LegalReferenceInline(admin.TabularInline):
    model = LegalReference
    extra = 0


class ServiceChannelInline(admin.TabularInline):
    model = ServiceChannel
    extra = 0


class ServiceRecipientInline(admin.TabularInline):
    model = ServiceRecipient
    extra = 0


class FaqEntryInline(admin.StackedInline):
    model = FaqEntry
    extra = 0


def _preview_link(url: str):
    return format_html(
        '<a href="{}" target="_blank" rel="noopener">{}</a>', url, gettext("Preview")
    )


@admin.register(Service)
class ServiceAdmin(SimpleHistoryAdmin):  # "History": who changed the card, and what
    list_display = [
        "service_id",
        "title",
        "service_type",
        "level",
        "is_published",
        "last_reviewed",
        "preview",
    ]
    list_filter = ["is_published", "service_type", "level", "nature", "trigger"]
    search_fields = ["service_id", "title", "title_en", "summary"]
    list_select_related = ["parent"]
    raw_id_fields = ["parent"]
    readonly_fields = ["created", "updated", "preview"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = ["publish", "unpublish"]
    inlines = [
        ServiceRecipientInline,
        ProcessStepInline,
        RequiredDocumentInline,
        LegalReferenceInline,
        ServiceChannelInline,
        FaqEntryInline,
    ]
    # The order of the national service ID card form.
    fieldsets = [
        (
            _("Identity"),
            {
                "fields": [
                    "service_id",
                    "parent",
                    "title",
                    "title_en",
                    "summary",
                    "summary_en",
                    "description",
                    "provider",
                    "parent_agency",
                    "service_type",
                    "nature",
                    "level",
                    "life_event",
                    "trigger",
                ]
            },
        ),
        (
            _("Cost and time"),
            {
                "fields": [
                    "cost_rials",
                    "payment_method",
                    "delivery_working_days",
                    "validity",
                    "frequency_per_year",
                    "in_person_visits",
                ]
            },
        ),
        (
            _("E-readiness and channels"),
            {
                "fields": [
                    "informing_online",
                    "request_online",
                    "production_online",
                    "delivery_online",
                    "online_url",
                ]
            },
        ),
        (
            _("Where and who"),
            {
                "fields": [
                    "where_to_apply",
                    "opening_hours",
                    "responsible_unit",
                    "contact",
                ]
            },
        ),
        (
            _("Publication"),
            {"fields": ["last_reviewed", "is_published", "preview", "created", "updated"]},
        ),
    ]

    def get_view_on_site_url(self, obj=None):
        return f"{obj.get_absolute_url()}?preview" if obj is not None else None

    @admin.display(description=_("ID card"))
    def preview(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        return _preview_link(f"{obj.get_absolute_url()}?preview")

    @admin.action(description=_("Publish the selected services"), permissions=["change"])
    def publish(self, request, queryset):
        for service in queryset:
            services.service_publish(service=service)
        self.message_user(request, gettext("The selected services are published."))

    @admin.action(
        description=_("Withdraw the selected services from the public"), permissions=["change"]
    )
    def unpublish(self, request, queryset):
        for service in queryset:
            services.service_unpublish(service=service)
        self.message_user(request, gettext("The selected services are no longer public."))


# --- agreement versions ---------------------------------------------------------------------------
class FrozenWhenPublished:
    """Inline parts of a version: editable in a draft, read-only once published."""

    def _draft(self, obj) -> bool:
        return obj is None or not obj.is_published

    def has_add_permission(self, request, obj=None):
        return self._draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._draft(obj) and super().has_delete_permission(request, obj)


class AgreementSectionInline(FrozenWhenPublished, admin.StackedInline):
    model = AgreementSection
    extra = 0


class CommitmentInline(FrozenWhenPublished, admin.TabularInline):
    model = Commitment
    extra = 0
    raw_id_fields = ["service"]


@admin.register(AgreementVersion)
class AgreementVersionAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "effective_from", "effective_to", "published_at", "preview"]
    search_fields = ["title", "reference"]
    readonly_fields = ["effective_to", "published_at", "created", "updated", "preview"]
    fields = [
        "caption",
        "title",
        "reference",
        "reference_date",
        "effective_from",
        "effective_to",
        "published_at",
        "preview",
        "created",
        "updated",
    ]
    inlines = [AgreementSectionInline, CommitmentInline]
    actions = ["publish", "copy_to_draft"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_published:
            return self.fields
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return (obj is None or not obj.is_published) and super().has_delete_permission(request, obj)

    def get_view_on_site_url(self, obj=None):
        return f"{obj.get_absolute_url()}?preview" if obj is not None else None

    @admin.display(description=_("Status"))
    def status(self, obj):
        return obj.get_status_display()

    @admin.display(description=_("Page"))
    def preview(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        return _preview_link(f"{obj.get_absolute_url()}?preview")

    # Staff roles: editors write drafts, supervisors publish them.
    def has_publish_permission(self, request):
        return request.user.has_perm("sla.publish_agreementversion")

    @admin.action(
        description=_("Publish the selected drafts (closes the version in force)"),
        permissions=["publish"],
    )
    def publish(self, request, queryset):
        for version in queryset.order_by("effective_from", "pk"):
            try:
                services.agreement_version_publish(version=version)
            except services.AgreementError as error:
                self.message_user(request, f"{version}: {error}", messages.ERROR)
            else:
                self.message_user(request, gettext("Published: %(title)s") % {"title": version})

    @admin.action(description=_("Start a new draft from the selected version"), permissions=["add"])
    def copy_to_draft(self, request, queryset):
        for version in queryset:
            draft = services.agreement_version_copy(version=version)
            self.message_user(request, gettext("New draft: %(title)s") % {"title": draft})


# --- holidays ---------------------------------------------------------------------------------
class HolidayForm(forms.ModelForm):
    date = JalaliDateField(label=_("Date (Jalali, YYYY/MM/DD)"))

    class Meta:
        model = Holiday
        fields = ["date", "title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["date"] = jalali_iso(self.instance.date)


class JalaliYearFilter(admin.SimpleListFilter):
    title = _("Jalali year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = sorted(
            {to_jalali(day).year for day in Holiday.objects.values_list("date", flat=True)}
        )
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        if not (self.value() or "").isdigit():
            return queryset
        year = int(self.value())
        first = jdatetime.date(year, 1, 1).togregorian()
        after = jdatetime.date(year + 1, 1, 1).togregorian()
        return queryset.filter(date__gte=first, date__lt=after)


class HolidayImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns date (Jalali YYYY/MM/DD) and title; UTF-8 or Windows-1256. "
            "A file with any bad row imports nothing."
        ),
    )


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    form = HolidayForm
    list_display = ["jalali_date", "weekday", "title"]
    list_filter = [JalaliYearFilter]
    search_fields = ["title"]
    ordering = ["date"]
    change_list_template = "sla/admin/holiday_change_list.html"

    @admin.display(description=_("Date"), ordering="date")
    def jalali_date(self, obj):
        return format_date(obj.date)

    @admin.display(description=_("Weekday"))
    def weekday(self, obj):
        return WEEKDAYS[obj.date.weekday()]

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="sla_holiday_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_add_permission(request):
            return redirect("admin:sla_holiday_changelist")
        form = HolidayImportForm(request.POST or None, request.FILES or None)
        result = None
        if request.method == "POST" and form.is_valid():
            result = services.holiday_import_csv(data=form.cleaned_data["file"].read())
            if not result.errors:
                self.message_user(
                    request,
                    gettext(
                        "Holidays imported: %(created)s new, %(updated)s updated, "
                        "%(unchanged)s unchanged."
                    )
                    % {
                        "created": result.created,
                        "updated": result.updated,
                        "unchanged": result.unchanged,
                    },
                )
                return redirect("admin:sla_holiday_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Import holidays from CSV"),
            "form": form,
            "result": result,
            "changelist_url": reverse("admin:sla_holiday_changelist"),
        }
        return TemplateResponse(request, "sla/admin/holiday_import.html", context)


# --- measurements -------------------------------------------------------------------------------
@admin.register(Measurement)
class MeasurementAdmin(ReadOnly, admin.ModelAdmin):
    """Read-only: the portal's apps record measurements; staff look them up."""

    list_display = [
        "occurred_at",
        "service",
        "kind",
        "value",
        "met_deadline",
        "is_daily_total",
    ]
    list_filter = ["kind", "is_daily_total", "met_deadline"]
    list_select_related = ["service"]
    search_fields = ["service__service_id"]
    raw_id_fields = ["service"]
    # A year of measurements is about a million rows: no full count on every page.
    show_full_result_count = False
    list_per_page = 50
