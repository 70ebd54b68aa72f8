"""A quota refusal says which unit is full and keeps what was typed; an
organizer lowering a quota below a unit's count is told who is over first."""

import pytest
from django.urls import reverse

from events.models import StaffRole, UnitQuota
from events.names import split_full_name
from events.services.registrations import policy_update, registration_create

pytestmark = pytest.mark.django_db


def _register(conference, full_name, unit, role_code="specialist"):
    family, middle, given = split_full_name(full_name)
    return registration_create(
        conference=conference,
        family_name=family,
        middle_name=middle,
        given_name=given,
        unit=unit,
        role=conference.roles.get(code=role_code),
    )


def test_liaison_whose_unit_filled_in_another_tab_keeps_the_typed_person(conference, make_member):
    unit = conference.term.chair
    client, _user = make_member(conference, StaffRole.LIAISON, unit=unit)
    policy_update(conference=conference, unit_quota=2)
    url = reverse("events:liaison_unit", args=[conference.slug, unit.pk])
    # The form was opened with one place left; the other tab took it.
    _register(conference, "Trần Văn An", unit)
    _register(conference, "Lê Thị Bình", unit)

    response = client.post(
        url,
        {
            "full_name": "Phạm Minh Châu",
            "role": conference.roles.get(code="specialist").pk,
            "phone": "0912 345 678",
        },
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert f"{unit.short_name} đã có 2/2 đại biểu" in page
    assert 'value="Phạm Minh Châu"' in page
    assert 'value="0912 345 678"' in page
    assert 'id="add-heading"' in page
    assert conference.registrations.count() == 2


def test_liaison_role_quota_refusal_names_the_unit_and_the_role(conference, make_member):
    unit = conference.term.chair
    client, _user = make_member(conference, StaffRole.LIAISON, unit=unit)
    director = conference.roles.get(code="director")
    policy_update(conference=conference, role_quotas={director.pk: 1})
    _register(conference, "Trần Văn An", unit, role_code="director")

    response = client.post(
        reverse("events:liaison_unit", args=[conference.slug, unit.pk]),
        {"full_name": "Lê Thị Bình", "role": director.pk},
    )

    page = response.content.decode()
    assert f"{unit.short_name} đã có 1/1 × Giám đốc" in page
    assert 'value="Lê Thị Bình"' in page


def _policy_post(conference, **quotas):
    data = {"deadline": "", "unit_quota": "", **quotas}
    for role in conference.roles.all():
        data.setdefault(f"role_{role.pk}", role.quota_per_unit or "")
    for unit in conference.term.members.all():
        data.setdefault(f"unit_{unit.pk}", "")
    return data


def test_organizer_lowering_a_quota_is_told_which_units_are_over_before_saving(
    conference, make_member
):
    client, _user = make_member(conference, StaffRole.ORGANIZER)
    chair, deputy = conference.term.chair, conference.term.deputy
    for name in ("Trần Văn An", "Lê Thị Bình", "Phạm Minh Châu"):
        _register(conference, name, chair)
    _register(conference, "Đỗ Văn Dũng", deputy)
    url = reverse("events:registration_policy", args=[conference.slug])

    refused = client.post(url, _policy_post(conference, unit_quota="2"))

    page = refused.content.decode()
    assert refused.status_code == 400
    assert f"{chair.short_name}: 3 đã đăng ký, 2 chỗ" in page
    assert deputy.short_name + ":" not in page.split('id="policy-errors"')[1].split("</div>")[0]
    assert 'name="allow_over_quota"' in page and 'type="checkbox"' in page
    conference.refresh_from_db()
    assert conference.registration_policy.unit_quota is None

    saved = client.post(url, _policy_post(conference, unit_quota="2", allow_over_quota="on"))

    assert saved.status_code == 302
    conference.registration_policy.refresh_from_db()
    assert conference.registration_policy.unit_quota == 2
    assert conference.registrations.count() == 4


def test_organizer_unit_override_below_the_count_is_named(conference, make_member):
    client, _user = make_member(conference, StaffRole.ORGANIZER)
    deputy = conference.term.deputy
    _register(conference, "Trần Văn An", deputy)
    _register(conference, "Lê Thị Bình", deputy)
    url = reverse("events:registration_policy", args=[conference.slug])

    response = client.post(url, _policy_post(conference, **{f"unit_{deputy.pk}": "1"}))

    assert f"{deputy.short_name}: 2 đã đăng ký, 1 chỗ" in response.content.decode()
    assert not UnitQuota.objects.filter(conference=conference).exists()


def test_resaving_a_quota_already_saved_anyway_warns_no_one_again(conference):
    chair = conference.term.chair
    for name in ("Trần Văn An", "Lê Thị Bình", "Phạm Minh Châu"):
        _register(conference, name, chair)
    policy_update(conference=conference, unit_quota=2, allow_over_quota=True)

    policy_update(conference=conference, unit_quota=2, auto_approve=True)

    conference.registration_policy.refresh_from_db()
    assert conference.registration_policy.auto_approve is True


def test_policy_update_lowering_a_role_quota_names_the_unit(conference):
    from django.core.exceptions import ValidationError

    chair = conference.term.chair
    director = conference.roles.get(code="director")
    _register(conference, "Trần Văn An", chair, role_code="director")
    _register(conference, "Lê Thị Bình", chair, role_code="director")

    with pytest.raises(ValidationError) as excinfo:
        policy_update(conference=conference, role_quotas={director.pk: 1})

    assert excinfo.value.code == "quota_below_count"
    assert f"{chair.short_name}: 2 × Giám đốc, được phép 1" in excinfo.value.message
    director.refresh_from_db()
    assert director.quota_per_unit is None
