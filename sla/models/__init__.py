"""The service agreement's data, one module per part: the catalogue (services and their ID
cards), the agreement (versions, sections, commitments), the working calendar, and the
measurements other apps record.

Dates are plain ``DateField``/``DateTimeField`` values; pages show them in the Jalali calendar.
"""

from sla.models.agreement import (
    AgreementSection,
    AgreementVersion,
    Commitment,
    FrozenWithVersion,
    PublishedVersionImmutable,
)
from sla.models.calendar import Holiday
from sla.models.catalogue import (
    FaqEntry,
    LegalReference,
    ProcessStep,
    RequiredDocument,
    Service,
    ServiceChannel,
    ServiceRecipient,
    validate_service_id,
)
from sla.models.measurements import DailyTally, Measurement

__all__ = [
    "AgreementSection",
    "AgreementVersion",
    "Commitment",
    "DailyTally",
    "FaqEntry",
    "FrozenWithVersion",
    "Holiday",
    "LegalReference",
    "Measurement",
    "ProcessStep",
    "PublishedVersionImmutable",
    "RequiredDocument",
    "Service",
    "ServiceChannel",
    "ServiceRecipient",
    "validate_service_id",
]
