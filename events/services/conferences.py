"""Writes for conferences and their delegate roles."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import field_error
from events.models import ClusterTerm, Conference, ConferenceStatus, DelegateRole, MemberUnit
from events.names import clean_text
from events.services.common import unique_slug


@dataclass(frozen=True)
class RoleTemplate:
    code: str
    name: str
    colour: str
    is_chair: bool = False
    may_sign: bool = False
    counts_toward_quota: bool = True


# The roles seen at cluster conferences (domain notes, "Roles at a conference").
DEFAULT_ROLES = [
    RoleTemplate("chair", gettext_lazy("Chair"), "#b91c1c", is_chair=True, may_sign=True),
    RoleTemplate("director", gettext_lazy("Director"), "#1d4ed8", may_sign=True),
    RoleTemplate("deputy-director", gettext_lazy("Deputy director"), "#2563eb", may_sign=True),
    RoleTemplate("office-leader", gettext_lazy("Office leader"), "#0f766e"),
    RoleTemplate("specialist", gettext_lazy("Emulation and rewards specialist"), "#15803d"),
    RoleTemplate("secretary", gettext_lazy("Secretary"), "#7c3aed", counts_toward_quota=False),
    RoleTemplate("mc", gettext_lazy("Master of ceremonies"), "#9333ea", counts_toward_quota=False),
    RoleTemplate(
        "guest", gettext_lazy("Guest from a higher level"), "#b45309", counts_toward_quota=False
    ),
    RoleTemplate("press", gettext_lazy("Press"), "#4b5563", counts_toward_quota=False),
    RoleTemplate("staff", gettext_lazy("Organizing staff"), "#374151", counts_toward_quota=False),
]


KIND_SLUGS = {
    "covenant_signing": "giao-uoc",
    "midyear_review": "so-ket",
    "yearend_review": "tong-ket",
    "other": "hoi-nghi",
}


def roles_create_defaults(*, conference: Conference) -> list[DelegateRole]:
    """The standard roles, named in the site's language (Vietnamese) whatever
    the language of the organizer's pages: the names go on badges and lists."""
    roles = []
    with translation.override(settings.LANGUAGE_CODE):
        names = [str(template.name) for template in DEFAULT_ROLES]
    for position, (template, name) in enumerate(zip(DEFAULT_ROLES, names, strict=True)):
        role, _created = DelegateRole.objects.get_or_create(
            conference=conference,
            code=template.code,
            defaults={
                "name": name,
                "position": position,
                "colour": template.colour,
                "is_chair": template.is_chair,
                "may_sign": template.may_sign,
                "counts_toward_quota": template.counts_toward_quota,
            },
        )
        roles.append(role)
    return roles


@transaction.atomic
def conference_create(
    *,
    term: ClusterTerm,
    kind: str,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    venue: str,
    host_unit: MemberUnit,
    address: str = "",
    status: str = ConferenceStatus.DRAFT,
    is_public: bool = False,
    slug: str = "",
) -> Conference:
    if ends_at <= starts_at:
        raise field_error(
            "ends_at", _("The conference must end after it starts."), "ends_before_start"
        )
    if not term.members.filter(pk=host_unit.pk).exists():
        raise field_error(
            "host_unit",
            _("The host must be a member unit of the cluster that year."),
            "host_not_member",
        )
    title = clean_text(title)
    conference = Conference(
        term=term,
        kind=kind,
        title=title,
        slug=unique_slug(
            Conference, slug or f"{KIND_SLUGS[kind]} {term.year} {term.cluster.slug}", max_length=60
        ),
        starts_at=starts_at,
        ends_at=ends_at,
        venue=clean_text(venue),
        address=clean_text(address),
        host_unit=host_unit,
        status=status,
        is_public=is_public,
    )
    conference.full_clean()
    conference.save()
    roles_create_defaults(conference=conference)
    return conference
