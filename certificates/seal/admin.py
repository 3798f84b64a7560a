"""Seal keys in the admin (read-only: keys are made and retired by ``seal_keys``), and the seal
of each certificate: its QR code and an export for a selection."""

import csv

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from certificates.models import Certificate
from certificates.seal import jwks, qr, services
from certificates.seal.models import SealKey
from servicedesk.admin_mixins import ReadOnly


@admin.register(SealKey)
class SealKeyAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["kid", "signs_from", "signs_until", "retired_at", "note"]
    fields = ["kid", "signs_from", "signs_until", "retired_at", "retired_reason", "note", "key_id"]
    readonly_fields = fields
    actions = ["retire"]

    @admin.action(
        description=_("Withdraw the selected keys (leaked): their seals verify as retired-key"),
        permissions=["retire"],
    )
    def retire(self, request, queryset):
        for key in queryset:
            services.seal_key_retire(kid=key.kid, reason=f"withdrawn in admin by {request.user}")
        self.message_user(request, _("Withdrawn. Create a new key: seal_keys create."))

    def has_retire_permission(self, request):
        # Withdrawing a key makes every seal it signed suspect: superusers only.
        return request.user.is_superuser

    @admin.display(description=_("fingerprint (SHA-256)"))
    def key_id(self, key):
        return jwks.fingerprint(key)


class CertificateSealAdmin:
    """For the certificate admin: the seal QR (SVG, PNG) and an export of selected seals."""

    @admin.display(description=_("Seal QR code"))
    def seal_qr_links(self, certificate):
        if not certificate.pk:
            return "—"
        return format_html(
            '<a href="{}">SVG</a> · <a href="{}">PNG</a>',
            reverse("admin:certificates_certificate_seal_qr", args=[certificate.pk, "svg"]),
            reverse("admin:certificates_certificate_seal_qr", args=[certificate.pk, "png"]),
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/seal.<str:kind>",
                self.admin_site.admin_view(self.seal_qr_view),
                name="certificates_certificate_seal_qr",
            ),
            *super().get_urls(),
        ]

    def seal_qr_view(self, request, pk, kind):
        certificate = get_object_or_404(
            Certificate.objects.select_related("standard", "training_centre"), pk=pk
        )
        if not self.has_seal_permission(request) or kind not in ("svg", "png"):
            raise PermissionDenied
        try:
            seal = services.certificate_seal(certificate)
        except services.NoSigningKey as error:
            return HttpResponse(str(error), status=409, content_type="text/plain; charset=utf-8")
        response = HttpResponse(
            qr.seal_qr_image(seal, kind=kind),
            content_type="image/svg+xml" if kind == "svg" else "image/png",
        )
        response["Content-Disposition"] = f'attachment; filename="seal-{certificate.number}.{kind}"'
        return response

    def has_seal_permission(self, request):
        # A seal is the directorate's signature: those who import the registry (and hand the
        # printing house its seals) make them; readers of the registry do not.
        return request.user.has_perm("certificates.import_certificates")

    @admin.action(
        description=_("Export the seals of the selected certificates (CSV)"), permissions=["seal"]
    )
    def export_seals(self, request, queryset):
        try:
            sealer = services.sealer_current()
        except services.NoSigningKey as error:
            self.message_user(request, str(error), messages.ERROR)
            return None
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="seals.csv"'
        writer = csv.writer(response)
        writer.writerow(["number", "seal", "qr_url"])
        certificates = queryset.select_related("standard", "training_centre").order_by("number")
        for certificate in certificates.iterator(chunk_size=2000):
            seal = sealer.seal(certificate)
            writer.writerow([certificate.number, seal, qr.seal_url(seal)])
        return response
