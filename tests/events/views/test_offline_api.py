"""The offline door's API (docs/offline.md): the encrypted roster of a
paired phone and the sync of scans it decided without network."""

import json
import time
from datetime import timedelta

import pytest
from cryptography.exceptions import InvalidTag
from django.test import Client
from django.utils import timezone

from events.models import (
    Checkin,
    CheckinMethod,
    CheckinRefusal,
    RegistrationStatus,
    ScannerDevice,
)
from events.roster_crypto import code_hash, manual_hash, roster_key, roster_open
from events.services.checkin_setup import device_issue_token, device_revoke
from events.services.registrations import registration_reissue_code
from tests.factories import ConferenceFactory, RegistrationFactory

ROSTER = "/api/v1/checkin/roster/"
SYNC = "/api/v1/checkin/sync/"


@pytest.fixture
def delegate(db):
    return RegistrationFactory(
        full_name="Nông Thị Hạnh",
        role_code="office-leader",
        email="hanh@backan.gov.vn",
        phone="0912345678",
    )


def paired(conference, name="Cổng 1"):
    """A phone paired an hour ago (a scan cannot be older than its pairing)."""
    device, token = device_issue_token(conference=conference, name=name)
    ScannerDevice.objects.filter(pk=device.pk).update(paired_at=timezone.now() - timedelta(hours=1))
    return device, token, Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def roster_of(client, token, device, since=None):
    response = client.get(ROSTER + (f"?since={since}" if since else ""))
    envelope = response.json()
    return envelope, roster_open(
        key=roster_key(token),
        envelope=envelope,
        conference_id=device.conference_id,
        device_id=device.pk,
    )


def now_ms(offset=timedelta(0)):
    return int((time.time() + offset.total_seconds()) * 1000)


def sync(client, scans, *, sent_at=None):
    body = {"sent_at": sent_at if sent_at is not None else now_ms(), "scans": scans}
    return client.post(SYNC, json.dumps(body), content_type="application/json")


def test_roster_decrypts_with_the_device_key_and_holds_no_codes_or_contacts(delegate):
    device, token, client = paired(delegate.conference)

    envelope, roster = roster_of(client, token, device)

    assert envelope["format"] == "hoinghi-roster/1"
    assert roster["fields"][:4] == ["hash", "manual_hash", "name", "unit"]
    record = next(r for r in roster["records"] if r[2] == "Nông Thị Hạnh")
    assert record[0] == code_hash(roster["salt"], delegate.code)
    assert record[1] == manual_hash(roster["salt"], delegate.manual_code)
    assert record[3:5] == [delegate.unit.name, "Lãnh đạo Văn phòng"]
    assert record[7:9] == ["approved", 0]
    text = json.dumps(roster, ensure_ascii=False)
    for secret in (delegate.code, delegate.manual_code, "hanh@backan.gov.vn", "0912345678"):
        assert secret not in text
    assert delegate.code not in json.dumps(envelope)


def test_roster_of_another_device_or_edited_one_does_not_open(delegate):
    device, token, client = paired(delegate.conference)
    other, other_token, _client = paired(delegate.conference, "Cổng 2")
    envelope = client.get(ROSTER).json()

    with pytest.raises(InvalidTag):
        roster_open(
            key=roster_key(other_token),
            envelope=envelope,
            conference_id=other.conference_id,
            device_id=other.pk,
        )
    with pytest.raises(InvalidTag):  # right key, but claimed for another device
        roster_open(
            key=roster_key(token),
            envelope=envelope,
            conference_id=device.conference_id,
            device_id=other.pk,
        )
    edited = {
        **envelope,
        "data": envelope["data"][:-4] + ("AAAA" if envelope["data"][-4:] != "AAAA" else "BBBB"),
    }
    with pytest.raises(InvalidTag):
        roster_open(
            key=roster_key(token),
            envelope=edited,
            conference_id=device.conference_id,
            device_id=device.pk,
        )


def test_roster_delta_carries_only_what_changed_since_its_version(delegate):
    conference = delegate.conference
    other = RegistrationFactory(conference=conference, full_name="Lý Văn Tài")
    device, token, client = paired(conference)
    _envelope, first = roster_of(client, token, device)
    time.sleep(0.01)
    other.status = RegistrationStatus.DECLINED
    other.save()
    # Older than the overlap the server allows for changes in flight.
    type(delegate).objects.filter(pk=delegate.pk).update(
        updated_at=timezone.now() - timedelta(minutes=5)
    )

    _envelope, delta = roster_of(client, token, device, since=first["version"])

    assert delta["full"] is False
    assert [(r[2], r[7]) for r in delta["records"]] == [("Lý Văn Tài", "declined")]
    assert delta["total"] == len(first["records"])


def test_roster_lists_a_reissued_code_as_retired_and_checked_in_people(delegate):
    device, token, client = paired(delegate.conference)
    old_code = delegate.code
    client.post(
        "/api/v1/checkin/",
        json.dumps({"code": old_code, "nonce": "n1"}),
        content_type="application/json",
    )
    registration_reissue_code(registration=delegate)

    _envelope, roster = roster_of(client, token, device)

    by_hash = {r[0]: r for r in roster["records"]}
    assert by_hash[code_hash(roster["salt"], old_code)][7] == "retired"
    assert by_hash[code_hash(roster["salt"], delegate.code)][7:9] == ["approved", 1]


def test_revoked_device_gets_no_roster_and_is_told_to_wipe(delegate):
    device, _token, client = paired(delegate.conference)
    device_revoke(device=device)

    response = client.get(ROSTER)

    assert response.status_code == 401
    assert response.json()["reason"] == "device_not_authorised"


def test_sync_admits_with_the_scan_time_corrected_for_a_wrong_phone_clock(delegate):
    _device, _token, client = paired(delegate.conference)
    behind = timedelta(hours=-3)  # the phone's clock is three hours slow
    scanned = now_ms(behind - timedelta(minutes=10))

    answer = sync(
        client,
        [{"nonce": "off-1", "code": delegate.code, "at": scanned, "offline_result": "ok"}],
        sent_at=now_ms(behind),
    ).json()

    assert answer["results"][0]["result"] == "ok"
    assert answer["results"][0]["nonce"] == "off-1"
    assert answer["clock_skew_seconds"] == pytest.approx(3 * 3600, abs=5)
    assert "lệch 3 giờ 00 phút" in answer["clock_message"]
    checkin = Checkin.objects.get()
    assert checkin.offline is True
    age = timezone.now() - checkin.created_at
    assert timedelta(minutes=9) < age < timedelta(minutes=11)


def test_replayed_queue_is_counted_once_and_said_so(delegate):
    _device, _token, client = paired(delegate.conference)
    scans = [{"nonce": "off-1", "code": delegate.code, "at": now_ms(), "offline_result": "ok"}]
    sync(client, scans)

    again = sync(client, scans).json()["results"][0]

    assert (again["result"], again["repeat"]) == ("ok", True)
    assert again["message"] == "Đã gửi rồi: chỉ tính một lần."
    assert Checkin.objects.count() == 1


def test_two_offline_phones_admitting_one_person_give_one_checkin_and_a_conflict(delegate):
    _a, _ta, gate1 = paired(delegate.conference, "Cổng 1")
    _b, _tb, gate2 = paired(delegate.conference, "Cổng 2")
    scan = {"code": delegate.code, "at": now_ms(timedelta(minutes=-2)), "offline_result": "ok"}
    sync(gate1, [{**scan, "nonce": "g1"}])

    second = sync(gate2, [{**scan, "nonce": "g2"}]).json()["results"][0]
    replay = sync(gate2, [{**scan, "nonce": "g2"}]).json()["results"][0]

    assert second["result"] == "offline_conflict"
    assert second["name"] == "Nông Thị Hạnh"
    assert "Cổng 1" in second["message"]
    assert replay["repeat"] is True
    assert Checkin.objects.filter(annulled_at__isnull=True).count() == 1
    conflict = CheckinRefusal.objects.get(result="offline_conflict")
    assert (conflict.device.name, conflict.offline, conflict.registration) == (
        "Cổng 2",
        True,
        delegate,
    )


def test_code_reissued_while_offline_is_refused_at_sync_as_since_revoked(delegate):
    _device, _token, client = paired(delegate.conference)
    old_code = delegate.code
    registration_reissue_code(registration=delegate)

    answer = sync(
        client, [{"nonce": "o", "code": old_code, "at": now_ms(), "offline_result": "ok"}]
    ).json()["results"][0]

    assert answer["result"] == "revoked_since"
    assert answer["name"] == "Nông Thị Hạnh"
    assert answer["message"].startswith("Đã cho vào khi mất mạng, nay bị thu hồi")
    assert Checkin.objects.count() == 0


def test_declined_while_offline_is_refused_at_sync_as_since_revoked(delegate):
    _device, _token, client = paired(delegate.conference)
    delegate.status = RegistrationStatus.DECLINED
    delegate.save()

    answer = sync(
        client, [{"nonce": "o", "code": delegate.code, "at": now_ms(), "offline_result": "ok"}]
    ).json()["results"][0]

    assert answer["result"] == "revoked_since"
    assert CheckinRefusal.objects.get().result == "revoked_since"


@pytest.mark.parametrize(
    "at",
    [
        pytest.param(timedelta(hours=1), id="future"),
        pytest.param(timedelta(hours=-2), id="before-pairing"),
        pytest.param(timedelta(days=-4), id="too-old"),
    ],
)
def test_scan_time_that_cannot_be_right_is_refused(delegate, at):
    _device, _token, client = paired(delegate.conference)

    answer = sync(
        client, [{"nonce": "t", "code": delegate.code, "at": now_ms(at), "offline_result": "ok"}]
    ).json()["results"][0]

    assert answer["result"] == "invalid_time"
    assert Checkin.objects.count() == 0


def test_scan_the_phone_refused_is_audited_not_admitted(delegate):
    _device, _token, client = paired(delegate.conference)

    sync(
        client, [{"nonce": "r", "code": "x" * 32, "at": now_ms(), "offline_result": "unknown_code"}]
    )

    assert Checkin.objects.count() == 0
    refusal = CheckinRefusal.objects.get()
    assert (refusal.result, refusal.offline) == ("unknown_code", True)


def test_sync_of_another_conference_code_is_refused(delegate):
    other = ConferenceFactory()
    _device, _token, client = paired(other)

    answer = sync(
        client, [{"nonce": "w", "code": delegate.code, "at": now_ms(), "offline_result": "ok"}]
    ).json()["results"][0]

    assert answer["result"] == "revoked_since"
    assert Checkin.objects.count() == 0


def test_sync_refuses_an_oversized_batch(delegate):
    _device, _token, client = paired(delegate.conference)
    scans = [{"nonce": f"n{i}", "code": "x", "at": 1, "offline_result": "ok"} for i in range(201)]

    response = sync(client, scans)

    assert response.status_code == 413
    assert CheckinRefusal.objects.count() == 0


def test_manual_code_from_the_scanner_checks_in_with_its_method(delegate):
    _device, _token, client = paired(delegate.conference)
    typed = delegate.manual_code_display.lower()

    answer = client.post(
        "/api/v1/checkin/",
        json.dumps({"manual_code": typed, "nonce": "m1"}),
        content_type="application/json",
    ).json()

    assert (answer["result"], answer["name"]) == ("ok", "Nông Thị Hạnh")
    assert Checkin.objects.get().method == CheckinMethod.CODE


def test_unknown_manual_code_is_refused_and_audited(delegate):
    _device, _token, client = paired(delegate.conference)

    answer = client.post(
        "/api/v1/checkin/",
        json.dumps({"manual_code": "ZZZZ-ZZZZ", "nonce": "m1"}),
        content_type="application/json",
    ).json()

    assert answer["result"] == "unknown_code"
    assert CheckinRefusal.objects.get().method == CheckinMethod.CODE


def test_service_worker_is_root_scoped_and_versioned():
    response = Client().get("/sw.js")

    body = response.content.decode()
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Content-Type"].startswith("application/javascript")
    assert '"/scanner/"' in body
    assert "hoinghi-" in body and "version " in body


def test_web_manifest_opens_the_scanner():
    data = json.loads(Client().get("/manifest.webmanifest").content)

    assert data["start_url"] == "/scanner/"
    assert data["display"] == "standalone"
    assert {icon["sizes"] for icon in data["icons"]} >= {"192x192", "512x512"}


def test_manual_code_typed_offline_then_reissued_is_named_at_sync(delegate):
    device, token, client = paired(delegate.conference)
    records = roster_of(client, token, device)[1]["records"]
    record = next(r for r in records if r[10] == delegate.pk)
    old_manual = delegate.manual_code
    registration_reissue_code(registration=delegate)
    scan = {"nonce": "m", "manual_code": old_manual, "hash": record[0], "at": now_ms()}

    answer = sync(client, [{**scan, "offline_result": "ok"}]).json()["results"][0]

    assert (answer["result"], answer["name"]) == ("revoked_since", "Nông Thị Hạnh")
    refusal = CheckinRefusal.objects.get()
    assert (refusal.result, refusal.registration, refusal.offline) == (
        "revoked_since",
        delegate,
        True,
    )
    assert Checkin.objects.count() == 0


def test_a_hash_of_a_current_code_does_not_stand_in_for_a_manual_code(delegate):
    device, token, client = paired(delegate.conference)
    other = RegistrationFactory(conference=delegate.conference, full_name="Lê Văn Hội")
    records = roster_of(client, token, device)[1]["records"]
    other_hash = next(r for r in records if r[10] == other.pk)[0]
    scan = {"nonce": "h", "manual_code": delegate.manual_code, "hash": other_hash, "at": now_ms()}

    answer = sync(client, [{**scan, "offline_result": "ok"}]).json()["results"][0]

    assert (answer["result"], answer["name"]) == ("ok", "Nông Thị Hạnh")
    assert Checkin.objects.get().registration == delegate
