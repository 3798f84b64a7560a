"""One indexed lookup rendered by a tiny template, nothing else: the benchmark's baseline."""

from django.http import HttpResponse, JsonResponse
from django.template import engines
from django.urls import path

from certificates.models import Certificate

TEMPLATE = engines["django"].from_string(
    "<p>{{ certificate.number }} {{ certificate.first_name }} {{ certificate.last_name }}</p>"
)


def lookup(request, number, national_id):
    certificate = Certificate.objects.filter(number=number, national_id=national_id).first()
    return HttpResponse(TEMPLATE.render({"certificate": certificate}))


urlpatterns = [
    path("healthz", lambda request: JsonResponse({"status": "ok"})),
    path("bare/<str:number>/<str:national_id>", lookup),
]
