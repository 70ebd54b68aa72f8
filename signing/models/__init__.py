from signing.models.audit import AuditEvent, AuditKind
from signing.models.ceremony import Ceremony, CeremonyState, KioskSession, SigningLink
from signing.models.covenant import Covenant
from signing.models.kiosk import KioskDevice
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
    "PublicVerification",
    "Signatory",
    "SigningLink",
    "SigningMode",
    "VerificationResult",
    "VoidedSignature",
]
