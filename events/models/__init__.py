from events.models.activity import ACTION_LABELS, ActivityLog
from events.models.agenda import AgendaItem, AgendaItemKind, AgendaItemStatus, AgendaState
from events.models.checkin import (
    Checkin,
    CheckinList,
    CheckinMethod,
    CheckinRefusal,
    EntranceDisplay,
    RetiredCode,
    ScannerDevice,
)
from events.models.clusters import Cluster, ClusterTerm, MemberUnit
from events.models.conferences import (
    Conference,
    ConferenceKind,
    ConferenceStatus,
    Membership,
    StaffRole,
)
from events.models.geo import Province, ProvinceKind
from events.models.passes import PassKey
from events.models.registrations import (
    DelegateRole,
    Gender,
    Registration,
    RegistrationPolicy,
    RegistrationStatus,
    UnitQuota,
)
from events.models.users import User

__all__ = [
    "ACTION_LABELS",
    "ActivityLog",
    "AgendaItem",
    "AgendaItemKind",
    "AgendaItemStatus",
    "AgendaState",
    "Checkin",
    "CheckinList",
    "CheckinMethod",
    "CheckinRefusal",
    "Cluster",
    "ClusterTerm",
    "Conference",
    "ConferenceKind",
    "ConferenceStatus",
    "DelegateRole",
    "EntranceDisplay",
    "Gender",
    "MemberUnit",
    "Membership",
    "PassKey",
    "Province",
    "ProvinceKind",
    "Registration",
    "RegistrationPolicy",
    "RegistrationStatus",
    "RetiredCode",
    "ScannerDevice",
    "StaffRole",
    "UnitQuota",
    "User",
]
