from signing.models.audit import AuditEvent, AuditKind
from signing.models.ceremony import Ceremony, CeremonyState, KioskSession, SigningLink
from signing.models.covenant import Covenant
from signing.models.kiosk import KioskDevice
from signing.models.minutes import Minutes, MinutesRole, MinutesSigner, MinutesState, NewsPhoto
from signing.models.records import PublicVerification, VerificationResult, VoidedSignature
from signing.models.signatories import ClusterRole, Signatory, SigningMode

__all__ = [
    "AuditEvent",
    "AuditKind",
    "Ceremony",
    "CeremonyState",
    "ClusterRole",
    "Covenant",
    "KioskDevice",
    "KioskSession",
    "Minutes",
    "MinutesRole",
    "MinutesSigner",
    "MinutesState",
    "NewsPhoto",
    "PublicVerification",
    "Signatory",
    "SigningLink",
    "SigningMode",
    "VerificationResult",
    "VoidedSignature",
]
