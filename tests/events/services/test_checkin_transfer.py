"""Check-ins carried from a venue laptop: export, sealed file, import."""

import copy
import io
import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from core.errors import DomainError
from events.models import Checkin
from events.services.checkin import checkin_annul, checkin_list_main, checkin_perform
from events.services.checkin_transfer import _keys, _mac, checkins_export, checkins_import
from tests.factories import ConferenceFactory, RegistrationFactory


@pytest.fixture
def laptop(db):
    """Three check-ins made "on the laptop" and its export; then the rows are
    removed, as if the central server never saw them."""
    conference = ConferenceFactory()
    people = [
        RegistrationFactory(conference=conference, full_name=name)
        for name in ("Lê Văn Hội", "Trần Thị Bình", "Phạm Văn Nam")
    ]
    main = checkin_list_main(conference=conference)
    results = [
        checkin_perform(conference=conference, checkin_list=main, code=p.code, nonce=f"lan-{n}")
        for n, p in enumerate(people)
    ]
    checkin_annul(checkin=results[2].checkin)
    data = checkins_export(conference=conference)
    Checkin.objects.all().delete()
    return conference, people, data


def _reseal(data: dict) -> dict:
    body = {k: v for k, v in data.items() if k != "hmac"}
    return {**body, "hmac": _mac(body, _keys()[0])}


def test_import_recreates_the_laptops_checkins_with_their_nonces_and_times(laptop):
    _conference, people, data = laptop

    report = checkins_import(data=data)

    assert (report.applied, report.imported, report.conflicts) == (True, 3, [])
    rows = {c.nonce: c for c in Checkin.objects.all()}
    assert sorted(rows) == ["lan-0", "lan-1", "lan-2"]
    assert rows["lan-0"].registration == people[0]
    assert rows["lan-0"].created_at.isoformat(timespec="microseconds") == data["checkins"][0]["at"]
    assert rows["lan-2"].annulled_at is not None
    assert Checkin.objects.filter(annulled_at__isnull=True).count() == 2


def test_same_file_twice_counts_once(laptop):
    _conference, _people, data = laptop
    checkins_import(data=data)

    again = checkins_import(data=data)

    assert (again.applied, again.imported, again.already) == (True, 0, 3)
    assert Checkin.objects.count() == 3


def test_person_admitted_here_too_is_not_counted_twice(laptop):
    conference, people, data = laptop
    checkin_perform(
        conference=conference,
        checkin_list=checkin_list_main(conference=conference),
        code=people[0].code,
        nonce="central-1",
    )

    report = checkins_import(data=data)

    assert report.imported == 2
    assert [r["name"] for r in report.admitted_here] == ["Lê Văn Hội"]
    assert Checkin.objects.filter(registration=people[0]).count() == 1


def test_undo_made_on_the_laptop_after_a_first_import_is_carried_over(laptop):
    _conference, _people, data = laptop
    first = copy.deepcopy(data)
    first["checkins"][2]["annulled_at"] = None
    checkins_import(data=_reseal(first))
    assert Checkin.objects.get(nonce="lan-2").annulled_at is None

    report = checkins_import(data=data)

    assert (report.annulled, report.already) == (1, 2)
    assert Checkin.objects.get(nonce="lan-2").annulled_at is not None


def test_edited_file_is_refused_and_nothing_imported(laptop):
    _conference, people, data = laptop
    edited = copy.deepcopy(data)
    edited["checkins"][0]["code"] = people[1].code

    with pytest.raises(DomainError) as caught:
        checkins_import(data=edited)

    assert caught.value.code == "bad_seal"
    assert Checkin.objects.count() == 0


def test_file_sealed_with_another_key_is_refused(laptop, settings):
    _conference, _people, data = laptop
    settings.CHECKIN_SYNC_KEY = "the-central-server-has-another-key-" + "k" * 20

    with pytest.raises(DomainError) as caught:
        checkins_import(data=data)

    assert caught.value.code == "bad_seal"


def test_unknown_person_is_a_conflict_and_nothing_is_imported(laptop):
    _conference, _people, data = laptop
    walk_in = copy.deepcopy(data)
    walk_in["checkins"].append({**walk_in["checkins"][0], "nonce": "lan-9", "code": "X" * 32})

    report = checkins_import(data=_reseal(walk_in))

    assert report.applied is False
    assert report.conflicts == [
        {"row": 4, "reason": "unknown_registration", "nonce": "lan-9", "name": "Lê Văn Hội"}
    ]
    assert Checkin.objects.count() == 0

    skipping = checkins_import(data=_reseal(walk_in), skip_unknown=True)
    assert (skipping.applied, skipping.imported, len(skipping.skipped)) == (True, 3, 1)


def test_nonce_reused_for_another_person_is_a_conflict(laptop):
    _conference, people, data = laptop
    checkins_import(data=data)
    clash = copy.deepcopy(data)
    clash["checkins"][0]["code"] = people[1].code

    report = checkins_import(data=_reseal(clash))

    assert report.applied is False
    assert [c["reason"] for c in report.conflicts] == ["nonce_clash"]
    assert Checkin.objects.count() == 3


def test_export_from_a_clock_hours_ahead_is_refused(laptop):
    _conference, _people, data = laptop
    ahead = copy.deepcopy(data)
    ahead["exported_at"] = (timezone.now() + timedelta(hours=3)).isoformat()

    with pytest.raises(DomainError) as caught:
        checkins_import(data=_reseal(ahead))

    assert caught.value.code == "clock_ahead"


def test_checkin_later_than_the_export_is_a_conflict(laptop):
    _conference, _people, data = laptop
    odd = copy.deepcopy(data)
    odd["checkins"][1]["at"] = (timezone.now() + timedelta(hours=2)).isoformat()
    odd["exported_at"] = timezone.now().isoformat()

    report = checkins_import(data=_reseal(odd))

    assert [c["reason"] for c in report.conflicts] == ["after_export"]
    assert Checkin.objects.count() == 0


def test_file_of_another_conference_is_refused_when_one_is_expected(laptop):
    _conference, _people, data = laptop
    other = ConferenceFactory()

    with pytest.raises(DomainError) as caught:
        checkins_import(data=data, expect_conference=other.slug)

    assert caught.value.code == "other_conference"


def test_commands_export_then_import_with_report(laptop, tmp_path):
    conference, _people, data = laptop
    path = tmp_path / "checkins.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    out = io.StringIO()

    call_command("checkins_import", str(path), "--conference", conference.slug, stdout=out)

    assert json.loads(out.getvalue())["imported"] == 3
    exported = io.StringIO()
    call_command(
        "checkins_export", "--conference", conference.slug, stdout=exported, stderr=io.StringIO()
    )
    assert [r["nonce"] for r in json.loads(exported.getvalue())["checkins"]] == [
        "lan-0",
        "lan-1",
        "lan-2",
    ]
    path.write_text(json.dumps({**data, "hmac": "0" * 64}), encoding="utf-8")
    with pytest.raises(CommandError, match="Dấu niêm của tệp không khớp"):
        call_command("checkins_import", str(path), stdout=io.StringIO())


def test_main_entrance_made_on_the_laptop_only_is_made_here_too(laptop):
    """The main list is made with the first need for it: on the laptop it may
    exist while the central server never needed one."""
    conference, _people, data = laptop
    conference.checkin_lists.all().delete()

    report = checkins_import(data=data)

    assert (report.applied, report.imported) == (True, 3)
    assert list(conference.checkin_lists.values_list("slug", "is_main")) == [("main", True)]


def test_list_unknown_here_is_a_conflict(laptop):
    _conference, _people, data = laptop
    other_list = copy.deepcopy(data)
    other_list["checkins"][0]["list"] = "lunch"

    report = checkins_import(data=_reseal(other_list))

    assert [c["reason"] for c in report.conflicts] == ["unknown_list"]
    assert Checkin.objects.count() == 0
