import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections

from events.models import RegistrationPolicy, UnitQuota
from events.services.registrations import policy_update, registration_create
from tests.factories import ConferenceFactory


@pytest.mark.django_db(transaction=True)
def test_two_liaisons_racing_for_the_last_place_get_one_success():
    conference = ConferenceFactory()
    policy_update(conference=conference, unit_quota=1)
    role = conference.roles.get(code="specialist")
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def register(given: str) -> None:
        try:
            barrier.wait()
            registration_create(
                conference=conference,
                family_name="Nguyễn",
                given_name=given,
                unit=conference.term.chair,
                role=role,
            )
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(error.error_list[0].code)
        finally:
            close_old_connections()

    threads = [
        threading.Thread(target=register, args=(g,)) for g in ("An", "Bình", "Cường", "Dũng")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok"] + ["over_unit_quota"] * 3
    assert conference.registrations.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_registrations_racing_on_a_new_conference_get_one_success():
    """A brand-new conference has no RegistrationPolicy row yet: the lock
    must still serialise the quota checks (the unit's own quota is 1)."""
    conference = ConferenceFactory()
    unit = conference.term.chair
    UnitQuota.objects.create(conference=conference, unit=unit, places=1)
    assert not RegistrationPolicy.objects.filter(conference=conference).exists()
    role = conference.roles.get(code="specialist")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def register(given: str) -> None:
        try:
            barrier.wait()
            registration_create(
                conference=conference, family_name="Trần", given_name=given, unit=unit, role=role
            )
            outcomes.append("ok")
        except ValidationError as error:
            outcomes.append(error.error_list[0].code)
        finally:
            close_old_connections()

    for _attempt in range(3):
        conference.registrations.all().delete()
        outcomes.clear()
        threads = [threading.Thread(target=register, args=(g,)) for g in ("Hà", "Hải")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(outcomes) == ["ok", "over_unit_quota"]
        assert conference.registrations.count() == 1
