"""Writes for clusters, member units and yearly terms."""

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import field_error
from events.models import Cluster, ClusterTerm, MemberUnit, Province
from events.names import clean_text, collation_key, fold
from events.services.common import unique_slug


def cluster_create(*, name: str, sector: str, description: str = "", slug: str = "") -> Cluster:
    name = clean_text(name)
    cluster = Cluster(
        name=name,
        sector=clean_text(sector),
        description=clean_text(description),
        slug=unique_slug(Cluster, slug or name),
    )
    cluster.full_clean()
    cluster.save()
    return cluster


def unit_create(*, cluster: Cluster, name: str, short_name: str, province: Province) -> MemberUnit:
    name = clean_text(name)
    if cluster.units.filter(search_key=fold(name), province=province).exists():
        raise field_error(
            "name",
            _("This cluster already has a unit with this name in this province."),
            "duplicate",
        )
    unit = MemberUnit(
        cluster=cluster,
        name=name,
        short_name=clean_text(short_name),
        province=province,
        slug=unique_slug(MemberUnit, name, max_length=120, cluster=cluster),
        sort_key=collation_key(name),
        search_key=fold(name),
    )
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def term_create(
    *,
    cluster: Cluster,
    year: int,
    chair: MemberUnit,
    deputy: MemberUnit,
    members: Iterable[MemberUnit],
) -> ClusterTerm:
    members = list(members)
    member_ids = {unit.pk for unit in members}
    if any(unit.cluster_id != cluster.pk for unit in members):
        raise field_error(
            "members", _("Every member unit must belong to this cluster."), "foreign_unit"
        )
    if chair.pk == deputy.pk:
        raise field_error(
            "deputy",
            _("The chair and the deputy chair must be different units."),
            "chair_is_deputy",
        )
    if chair.pk not in member_ids or deputy.pk not in member_ids:
        raise field_error(
            "members",
            _("The chair and the deputy chair must be member units of the term."),
            "chair_not_member",
        )
    term = ClusterTerm(cluster=cluster, year=year, chair=chair, deputy=deputy)
    term.full_clean()
    term.save()
    term.members.set(members)
    return term
