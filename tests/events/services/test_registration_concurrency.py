import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection, transaction

from events.models import Conference, Registration, RegistrationPolicy, UnitQuota
from events.services.registrations import (
    lock_conference,
    policy_update,
    registration_create,
    registration_set_status,
    registration_update,
)
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


def _wait_for_lock_waiters(count: int) -> None:
    """Until ``count`` sessions wait for a row lock (PostgreSQL shows them in
    pg_stat_activity; on SQLite, which runs writes one at a time, a pause)."""
    if connection.vendor != "postgresql":
        time.sleep(0.3)
        return
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0] >= count:
                return
        time.sleep(0.02)
    raise AssertionError(f"{count} sessions never waited for a lock")


@pytest.mark.django_db(transaction=True)
def test_status_change_queued_behind_an_edit_does_not_deadlock():
    """An edit locks the conference, then writes the registration. A status
    change that locked the registration first and the conference second
    would deadlock with it (PostgreSQL aborts one: "deadlock detected")."""
    conference = ConferenceFactory()
    registration = registration_create(
        conference=conference,
        family_name="Phạm",
        given_name="Lan",
        unit=conference.term.chair,
        role=conference.roles.get(code="specialist"),
        status="pending",
    )
    held, release = threading.Event(), threading.Event()
    errors: list[str] = []

    def hold_the_conference() -> None:
        try:
            with transaction.atomic():
                lock_conference(Conference.objects.get(pk=conference.pk))
                held.set()
                release.wait(10)
        finally:
            close_old_connections()

    def run(work) -> None:
        try:
            work()
        except Exception as error:
            errors.append(f"{type(error).__name__}: {error}")
        finally:
            close_old_connections()

    def edit() -> None:
        fresh = Registration.objects.get(pk=registration.pk)
        registration_update(registration=fresh, title="Chuyên viên chính")

    def approve() -> None:
        registration_set_status(registration=registration, status="approved", notify=False)

    holder = threading.Thread(target=hold_the_conference)
    holder.start()
    held.wait(10)
    editor = threading.Thread(target=run, args=(edit,))
    editor.start()
    _wait_for_lock_waiters(1)  # the edit waits for the conference
    approver = threading.Thread(target=run, args=(approve,))
    approver.start()
    _wait_for_lock_waiters(2)  # the status change waits too, behind it
    release.set()
    for thread in (holder, editor, approver):
        thread.join()
    assert errors == []
    registration.refresh_from_db()
    assert (registration.title, registration.status) == ("Chuyên viên chính", "approved")
