from events.models.agenda import AgendaItem, AgendaItemKind, AgendaItemStatus, AgendaState
from events.models.clusters import Cluster, ClusterTerm, MemberUnit
from events.models.conferences import (
    Conference,
    ConferenceKind,
    ConferenceStatus,
    Membership,
    StaffRole,
)
from events.models.geo import Province, ProvinceKind
from events.models.registrations import DelegateRole, Registration, RegistrationStatus
from events.models.users import User

__all__ = [
    "AgendaItem",
    "AgendaItemKind",
    "AgendaItemStatus",
    "AgendaState",
    "Cluster",
    "ClusterTerm",
    "Conference",
    "ConferenceKind",
    "ConferenceStatus",
    "DelegateRole",
    "MemberUnit",
    "Membership",
    "Province",
    "ProvinceKind",
    "Registration",
    "RegistrationStatus",
    "StaffRole",
    "User",
]
