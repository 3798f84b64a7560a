"""Public pages of the service agreement: the catalogue and ID cards, the agreement versions,
and the measured performance. Function-based and thin: selectors read, templates show."""

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.views.decorators.http import require_GET

from servicedesk.replicas import reads_from_replica
from sla import exports, links, selectors
from sla.charts import service_charts
from sla.forms import AgreementDateForm, CatalogueForm, PerformanceForm
from sla.models import AgreementVersion, Service
from sla.performance import PERIODS, build_report


def _is_staff(request) -> bool:
    return request.user.is_authenticated and request.user.is_staff


def _service_for_viewer(request, service_id: str) -> Service:
    """A published service's card; staff also see drafts (the admin's preview)."""
    include_drafts = "preview" in request.GET and _is_staff(request)
    try:
        return selectors.service_card(service_id=service_id, include_drafts=include_drafts)
    except Service.DoesNotExist:
        raise Http404 from None


def _version_for_viewer(request, pk: int) -> AgreementVersion:
    include_drafts = "preview" in request.GET and _is_staff(request)
    try:
        version = selectors.agreement_version_get(pk=pk, include_drafts=include_drafts)
    except AgreementVersion.DoesNotExist:
        raise Http404 from None
    return selectors.agreement_version_text(version=version)


def _csv_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- the catalogue ------------------------------------------------------------------------------
@require_GET
@reads_from_replica
def service_list(request):
    form = CatalogueForm(request.GET or None)
    form.is_valid()
    services = list(selectors.service_catalogue(**form.filters()))
    return render(request, "sla/service_list.html", {"form": form, "services": services})


@require_GET
@reads_from_replica
def service_detail(request, service_id: str):
    service = _service_for_viewer(request, service_id)
    report = build_report(services=[service], monthly=False)
    return render(
        request,
        "sla/service_detail.html",
        {
            "service": service,
            "report": report,
            "performance": report.services[0],
            "card_links": links.service_links(service),
        },
    )


@require_GET
@reads_from_replica
def services_json(request):
    services = selectors.services_for_export()
    return JsonResponse(
        {
            "generated_at": timezone.now().isoformat(timespec="seconds"),
            "count": len(services),
            "services": [exports.service_as_dict(service) for service in services],
        },
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )


@require_GET
@reads_from_replica
def services_csv(request):
    return _csv_response(exports.services_csv(selectors.services_for_export()), "services.csv")


# --- the agreement ------------------------------------------------------------------------------
@require_GET
@reads_from_replica
def agreement(request):
    """The version in force now, or, asked for a date, the version(s) in force on that date."""
    form = AgreementDateForm(request.GET if "on" in request.GET else None)
    if form.is_valid():
        day = form.cleaned_data["on"]
        versions = [
            selectors.agreement_version_text(version=v)
            for v in selectors.agreement_versions_on(day=day)
        ]
    else:
        day = None
        version = selectors.agreement_version_in_force()
        versions = [selectors.agreement_version_text(version=version)] if version else []
    return render(
        request,
        "sla/agreementversion_in_force.html",
        {"form": form, "day": day, "versions": versions},
    )


@require_GET
@reads_from_replica
def version_list(request):
    return render(
        request,
        "sla/agreementversion_list.html",
        {"versions": selectors.published_versions(), "now": timezone.now()},
    )


@require_GET
@reads_from_replica
def version_detail(request, pk: int):
    version = _version_for_viewer(request, pk)
    return render(request, "sla/agreementversion_detail.html", {"version": version})


# --- measured performance -----------------------------------------------------------------------
def _performance_report(request):
    services = list(selectors.published_services().order_by("service_id"))
    form = PerformanceForm(request.GET or None, services=services)
    if form.is_valid() and form.cleaned_data["service"]:
        services = [s for s in services if s.service_id == form.cleaned_data["service"]]
    return form, build_report(services=services)


@require_GET
@reads_from_replica
def performance(request):
    form, report = _performance_report(request)
    rtl = translation.get_language_bidi()
    sections = [(item, service_charts(item, rtl=rtl)) for item in report.services]
    return render(
        request,
        "sla/performance.html",
        {
            "form": form,
            "report": report,
            "sections": sections,
            "periods": PERIODS,
            "page_links": links.performance_links(),
        },
    )


@require_GET
@reads_from_replica
def performance_csv(request):
    _, report = _performance_report(request)
    return _csv_response(exports.performance_csv(report), f"sla-performance-{report.today}.csv")
