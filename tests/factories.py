"""Factories for every model. Objects that services normally build (keys,
default roles) are created through those services, so tests see real data."""

from datetime import datetime
from zoneinfo import ZoneInfo

import factory

from events.models import (
    AgendaItem,
    Cluster,
    ClusterTerm,
    Conference,
    ConferenceKind,
    ConferenceStatus,
    DelegateRole,
    Membership,
    MemberUnit,
    Province,
    Registration,
    StaffRole,
    User,
)
from events.names import collation_key, fold, split_full_name
from events.services.agenda import agenda_item_create
from events.services.conferences import roles_create_defaults
from events.services.registrations import registration_create

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@hoinghi.example")
    name = factory.Sequence(lambda n: f"Người dùng {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cluster

    name = factory.Sequence(lambda n: f"Cụm thi đua số {n}")
    sector = "Nội vụ"
    slug = factory.Sequence(lambda n: f"cum-{n}")


def _current_province(n: int) -> Province:
    provinces = list(Province.objects.filter(valid_to__isnull=True).order_by("code"))
    return provinces[n % len(provinces)]


class MemberUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberUnit

    cluster = factory.SubFactory(ClusterFactory)
    province = factory.Sequence(_current_province)
    name = factory.LazyAttribute(lambda o: f"Sở Nội vụ tỉnh {o.province.name}")
    short_name = factory.LazyAttribute(lambda o: o.province.name)
    slug = factory.Sequence(lambda n: f"don-vi-{n}")
    sort_key = factory.LazyAttribute(lambda o: collation_key(o.name))
    search_key = factory.LazyAttribute(lambda o: fold(o.name))


class ClusterTermFactory(factory.django.DjangoModelFactory):
    """A term with three member units; the first chairs, the second is deputy."""

    class Meta:
        model = ClusterTerm
        skip_postgeneration_save = True

    cluster = factory.SubFactory(ClusterFactory)
    year = 2026
    chair = factory.SubFactory(MemberUnitFactory, cluster=factory.SelfAttribute("..cluster"))
    deputy = factory.SubFactory(MemberUnitFactory, cluster=factory.SelfAttribute("..cluster"))

    @factory.post_generation
    def members(obj, create, extracted, **kwargs):
        if not create:
            return
        third = MemberUnitFactory(cluster=obj.cluster)
        obj.members.set(extracted or [obj.chair, obj.deputy, third])


class ConferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conference
        skip_postgeneration_save = True

    term = factory.SubFactory(ClusterTermFactory)
    kind = ConferenceKind.COVENANT_SIGNING
    title = factory.Sequence(lambda n: f"Hội nghị ký kết giao ước thi đua số {n}")
    slug = factory.Sequence(lambda n: f"hoi-nghi-{n}")
    starts_at = datetime(2026, 3, 20, 8, 0, tzinfo=TZ)
    ends_at = datetime(2026, 3, 20, 11, 30, tzinfo=TZ)
    venue = "Hội trường Sở Nội vụ"
    host_unit = factory.SelfAttribute("term.chair")
    status = ConferenceStatus.PUBLISHED
    is_public = False

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        if create:
            roles_create_defaults(conference=obj)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    conference = factory.SubFactory(ConferenceFactory)
    user = factory.SubFactory(UserFactory)
    role = StaffRole.ORGANIZER


class RegistrationFactory(factory.django.DjangoModelFactory):
    """Built through registration_create so names are cleaned and keyed."""

    class Meta:
        model = Registration

    conference = factory.SubFactory(ConferenceFactory)
    full_name = "Nguyễn Văn An"
    role_code = "specialist"
    unit = factory.LazyAttribute(lambda o: o.conference.term.chair)
    status = "approved"

    @classmethod
    def _create(cls, model_class, *, conference, full_name, role_code, **kwargs):
        family, middle, given = split_full_name(full_name)
        return registration_create(
            conference=conference,
            family_name=family,
            middle_name=middle,
            given_name=given,
            role=DelegateRole.objects.get(conference=conference, code=role_code),
            **kwargs,
        )


class AgendaItemFactory(factory.django.DjangoModelFactory):
    """Appended through the editor service, so times and version are real."""

    class Meta:
        model = AgendaItem

    conference = factory.SubFactory(ConferenceFactory)
    kind = "report"
    title = factory.Sequence(lambda n: f"Mục số {n}")
    duration_minutes = 15

    @classmethod
    def _create(cls, model_class, **kwargs):
        return agenda_item_create(**kwargs)
