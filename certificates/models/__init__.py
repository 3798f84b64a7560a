"""Models of the certificates app, one module per part of it."""

from certificates.models.alerts import GuessingAlert
from certificates.models.imports import ImportRun
from certificates.models.organisations import ApiKey, BulkCheck, Membership, Organisation
from certificates.models.registry import (
    Certificate,
    Inquiry,
    Outcome,
    Standard,
    TrainingCentre,
    new_verification_token,
    new_verification_tokens,
)
from certificates.models.requests import ManualRequest, ManualRequestEvent, ManualRequestNote

__all__ = [
    "ApiKey",
    "BulkCheck",
    "Certificate",
    "GuessingAlert",
    "ImportRun",
    "Inquiry",
    "ManualRequest",
    "ManualRequestEvent",
    "ManualRequestNote",
    "Membership",
    "Organisation",
    "Outcome",
    "Standard",
    "TrainingCentre",
    "new_verification_token",
    "new_verification_tokens",
]
