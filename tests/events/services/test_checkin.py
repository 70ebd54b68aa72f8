import threading

import pytest
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from events.checkin_tokens import parse_code
from events.models import Checkin, CheckinMethod, CheckinRefusal, RegistrationStatus
from events.services.checkin import Result, checkin_annul, checkin_list_main, checkin_perform
from events.services.checkin_setup import checkin_list_create, device_issue_token
from events.services.registrations import registration_reissue_code
from tests.factories import ConferenceFactory, RegistrationFactory


def scan(registration_or_code, *, checkin_list=None, nonce="n-1", **kwargs):
    code = getattr(registration_or_code, "code", registration_or_code)
    conference = kwargs.pop("conference", None)
    if checkin_list is None:
        checkin_list = checkin_list_main(conference=conference or registration_or_code.conference)
    return checkin_perform(
        conference=conference or checkin_list.conference,
        checkin_list=checkin_list,
        code=code,
        nonce=nonce,
        **kwargs,
    )


@pytest.fixture
def delegate(db):
    return RegistrationFactory(full_name="Lê Văn Hội", role_code="chair", title="Giám đốc")


def test_checkin_ok_records_one_row_with_name_unit_role(delegate):
    result = scan(delegate)

    assert result.result == Result.OK
    assert result.message == "Xin chào! Đã điểm danh."
    answer = result.as_json()
    assert answer["name"] == "Lê Văn Hội"
    assert answer["unit"] == delegate.unit.name
    assert answer["role"] == "Chủ trì"
    row = Checkin.objects.get()
    assert (row.registration, row.method, row.nonce, row.annulled_at) == (
        delegate,
        CheckinMethod.CAMERA,
        "n-1",
        None,
    )


def test_checkin_second_scan_is_already_checked_in_with_time_and_device(delegate):
    device, _token = device_issue_token(conference=delegate.conference, name="Cổng 1")
    first = scan(delegate, device=device, checkin_list=device.checkin_list)

    second = scan(delegate, nonce="n-2", checkin_list=device.checkin_list)

    assert second.result == Result.ALREADY_CHECKED_IN
    hm = first.checkin.created_at.astimezone(
        __import__("zoneinfo").ZoneInfo("Asia/Ho_Chi_Minh")
    ).strftime("%H:%M")
    assert second.message == f"Đã điểm danh lúc {hm} tại Cổng 1."
    assert second.as_json()["checked_in_by"] == "Cổng 1"
    assert Checkin.objects.count() == 1
    assert list(CheckinRefusal.objects.values_list("result", flat=True)) == ["already_checked_in"]


def test_checkin_same_nonce_returns_first_answer_without_second_row(delegate):
    first = scan(delegate, nonce="retry-me")

    again = scan(delegate, nonce="retry-me")

    assert again.result == Result.OK
    assert again.checkin.pk == first.checkin.pk
    assert Checkin.objects.count() == 1


def test_checkin_same_nonce_on_reentry_list_adds_no_second_entry(delegate):
    lunch = checkin_list_create(conference=delegate.conference, name="Ăn trưa", allow_reentry=True)
    scan(delegate, checkin_list=lunch, nonce="a")
    scan(delegate, checkin_list=lunch, nonce="a")
    second = scan(delegate, checkin_list=lunch, nonce="b")

    assert second.result == Result.OK
    assert Checkin.objects.filter(checkin_list=lunch).count() == 2


@pytest.mark.parametrize(
    "code",
    ["", "garbage", "x" * 31, "x" * 33, "a" * 10_000, "ab/cd?", None, 42, ["x"], "Đ" * 32],
)
def test_checkin_malformed_code_is_invalid_and_logged(delegate, code):
    result = scan(code, conference=delegate.conference)

    assert result.result == Result.INVALID
    assert result.message == "Mã không hợp lệ."
    assert Checkin.objects.count() == 0
    assert CheckinRefusal.objects.get().result == "invalid"


def test_checkin_altered_code_is_unknown(delegate):
    altered = ("A" if delegate.code[0] != "A" else "B") + delegate.code[1:]

    result = scan(altered, conference=delegate.conference)

    assert result.result == Result.UNKNOWN_CODE
    assert Checkin.objects.count() == 0


def test_checkin_missing_nonce_is_invalid(delegate):
    for nonce in (None, "", "x" * 101, 7):
        assert scan(delegate, nonce=nonce).result == Result.INVALID
    assert Checkin.objects.count() == 0
    assert CheckinRefusal.objects.count() == 4


def test_checkin_reissued_code_is_revoked_and_new_code_works(delegate):
    old = delegate.code
    registration_reissue_code(registration=delegate)

    refused = scan(old, conference=delegate.conference)
    admitted = scan(delegate, nonce="n-2")

    assert refused.result == Result.REVOKED
    assert refused.message == "Thẻ này đã được thay bằng thẻ mới. Đề nghị xuất trình thẻ mới."
    assert admitted.result == Result.OK


@pytest.mark.parametrize("status", ["pending", "declined", "cancelled"])
def test_checkin_unapproved_registration_is_not_approved(db, status):
    registration = RegistrationFactory(status=status)

    assert scan(registration).result == Result.NOT_APPROVED
    assert Checkin.objects.count() == 0


def test_checkin_code_of_another_conference_is_wrong_conference(delegate):
    other = ConferenceFactory()

    result = scan(delegate, conference=other, checkin_list=checkin_list_main(conference=other))

    assert result.result == Result.WRONG_CONFERENCE
    assert Checkin.objects.count() == 0


def test_checkin_role_limited_list_refuses_other_roles(delegate):
    conference = delegate.conference
    signing = checkin_list_create(
        conference=conference, name="Lễ ký kết", roles=[conference.roles.get(code="chair")]
    )
    specialist = RegistrationFactory(conference=conference, full_name="Trần Thị Bình")

    assert scan(specialist, checkin_list=signing).result == Result.NOT_ALLOWED_ON_LIST
    assert scan(delegate, checkin_list=signing, nonce="n-2").result == Result.OK


def test_checkin_annul_lets_the_person_check_in_again(delegate, site_admin):
    first = scan(delegate)

    assert checkin_annul(checkin=first.checkin, user=site_admin) is True
    assert checkin_annul(checkin=first.checkin, user=site_admin) is False
    again = scan(delegate, nonce="n-2")

    assert again.result == Result.OK
    annulled = Checkin.objects.get(pk=first.checkin.pk)
    assert annulled.annulled_by == site_admin
    assert annulled.annulled_at is not None
    assert Checkin.objects.count() == 2


def test_checkin_manual_by_registration_id(delegate):
    result = checkin_perform(
        conference=delegate.conference,
        checkin_list=checkin_list_main(conference=delegate.conference),
        registration_id=delegate.pk,
        nonce="m-1",
        method=CheckinMethod.MANUAL,
    )

    assert result.result == Result.OK
    assert Checkin.objects.get().method == "manual"


@given(st.text(max_size=600))
def test_parse_code_never_fails_and_only_accepts_code_shapes(text):
    parsed = parse_code(text)

    assert parsed is None or (len(parsed) == 32 and parsed.isascii())


def test_parse_code_accepts_bare_code_and_pass_links():
    code = "AbCdEfGhIjKlMnOpQrStUvWxYz012-_9"

    assert parse_code(f"  {code}\n") == code
    assert parse_code(f"https://hoinghi.example/p/{code}/") == code
    assert parse_code(f"https://hoinghi.example/pass/?code={code}&x=1") == code
    assert parse_code(code[:-1]) is None


@pytest.mark.django_db(transaction=True)
def test_checkin_simultaneous_scans_give_exactly_one_success():
    registrations = [RegistrationFactory() for _ in range(1)]
    conference = registrations[0].conference
    for n in range(5):
        registrations.append(RegistrationFactory(conference=conference, full_name=f"Người {n}"))
    checkin_list = checkin_list_main(conference=conference)
    results: list[str] = []
    barrier = threading.Barrier(4)

    def worker(index):
        try:
            for registration in registrations:
                barrier.wait()
                result = checkin_perform(
                    conference=conference,
                    checkin_list=checkin_list,
                    code=registration.code,
                    nonce=f"{index}-{registration.pk}",
                )
                results.append(result.result)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert results.count("ok") == 6
    assert results.count("already_checked_in") == 18
    assert Checkin.objects.count() == 6
    assert RegistrationStatus.APPROVED == "approved"
