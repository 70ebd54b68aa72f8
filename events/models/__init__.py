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
from events.models.counting import CountingMember, CountingRecord
from events.models.decisions import (
    BallotPer,
    CountedBallot,
    Decision,
    DecisionKind,
    OpenBallot,
    Poll,
    PollCandidate,
    PollStatus,
    PollVoter,
    SealedBallot,
    VotingProxy,
    VotingRules,
)
from events.models.documents import ConferenceDocument, DocumentKind, PagesState
from events.models.geo import Province, ProvinceKind
from events.models.invitations import InvitationSetup
from events.models.mail import Delivery, DeliveryStatus, Mailing, MailingStatus
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
from events.models.walkins import WalkIn, WalkInKind, WalkInStatus

__all__ = [
    "ACTION_LABELS",
    "ActivityLog",
    "AgendaItem",
    "AgendaItemKind",
    "AgendaItemStatus",
    "AgendaState",
    "BallotPer",
    "Checkin",
    "CheckinList",
    "CheckinMethod",
    "CheckinRefusal",
    "Cluster",
    "ClusterTerm",
    "Conference",
    "ConferenceDocument",
    "ConferenceKind",
    "ConferenceStatus",
    "CountedBallot",
    "CountingMember",
    "CountingRecord",
    "Decision",
    "DecisionKind",
    "DelegateRole",
    "Delivery",
    "DeliveryStatus",
    "DocumentKind",
    "EntranceDisplay",
    "Gender",
    "InvitationSetup",
    "Mailing",
    "MailingStatus",
    "MemberUnit",
    "Membership",
    "OpenBallot",
    "PagesState",
    "PassKey",
    "Poll",
    "PollCandidate",
    "PollStatus",
    "PollVoter",
    "Province",
    "ProvinceKind",
    "Registration",
    "RegistrationPolicy",
    "RegistrationStatus",
    "RetiredCode",
    "ScannerDevice",
    "SealedBallot",
    "StaffRole",
    "UnitQuota",
    "User",
    "VotingProxy",
    "VotingRules",
    "WalkIn",
    "WalkInKind",
    "WalkInStatus",
]
