"""Writes of the signing app. Each module holds one concern; import from here."""

from signing.services.ceremony import (
    ceremony_cancel,
    ceremony_open,
    ceremony_reopen,
)
from signing.services.covenants import ceremony_setup, covenant_snapshot, covenant_update
from signing.services.kiosk import (
    kiosk_device_authenticate,
    kiosk_device_create,
    kiosk_device_pair,
    kiosk_device_revoke,
    kiosk_lock,
    kiosk_unlock,
)
from signing.services.links import link_issue, link_resolve
from signing.services.seal import ceremony_seal
from signing.services.signatories import signatories_create_defaults, signatory_update
from signing.services.signatures import refusal_record, signature_submit, signing_viewed
from signing.services.verify import VerifyResult, pdf_verify

__all__ = [
    "VerifyResult",
    "ceremony_cancel",
    "ceremony_open",
    "ceremony_reopen",
    "ceremony_seal",
    "ceremony_setup",
    "covenant_snapshot",
    "covenant_update",
    "kiosk_device_authenticate",
    "kiosk_device_create",
    "kiosk_device_pair",
    "kiosk_device_revoke",
    "kiosk_lock",
    "kiosk_unlock",
    "link_issue",
    "link_resolve",
    "pdf_verify",
    "refusal_record",
    "signatories_create_defaults",
    "signatory_update",
    "signature_submit",
    "signing_viewed",
]
