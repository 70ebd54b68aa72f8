import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from events.demo import CONFERENCE_2022, CONFERENCE_2026
from events.models import Conference, Registration
from events.selectors import conference_chairs, term_units_in_order
from tests.seed import SEED_UNITS_IN_OFFICIAL_ORDER

pytestmark = pytest.mark.django_db

SKIP = {"created_at", "updated_at", "date_joined", "last_login", "password"}


def _snapshot():
    data = {}
    for model in apps.get_app_config("events").get_models():
        fields = [f.attname for f in model._meta.concrete_fields if f.attname not in SKIP]
        data[model.__name__] = sorted(
            tuple(str(v) for v in row) for row in model.objects.values_list(*fields)
        )
    return data


def test_load_demo_twice_gives_the_same_data(capsys):
    call_command("load_demo")
    first = _snapshot()
    call_command("load_demo")
    assert _snapshot() == first
    assert "tochuc@hoinghi.example" in capsys.readouterr().out


def test_demo_seed_conference_matches_the_article():
    call_command("load_demo")
    conference = Conference.objects.get(slug=CONFERENCE_2022)
    units = term_units_in_order(term=conference.term)
    assert [u.name for u in units] == SEED_UNITS_IN_OFFICIAL_ORDER
    assert conference.host_unit.name == "Sở Nội vụ tỉnh Bắc Kạn"
    assert conference.starts_at.date().isoformat() == "2022-07-22"
    chairs = [
        (r.full_name, r.title, r.unit.short_name) for r in conference_chairs(conference=conference)
    ]
    assert chairs == [
        ("Nguyễn Quang Đông", "Phó Giám đốc", "Bắc Giang"),
        ("Lê Văn Hội", "Giám đốc", "Bắc Kạn"),
    ]
    per_unit = {u.short_name: u.registrations.filter(conference=conference).count() for u in units}
    assert min(per_unit.values()) >= 5
    roles = set(conference.registrations.values_list("role__code", flat=True))
    assert {"chair", "director", "office-leader", "specialist", "guest", "press"} <= roles


def test_demo_post_merger_conference_uses_the_new_provinces():
    call_command("load_demo")
    conference = Conference.objects.get(slug=CONFERENCE_2026)
    provinces = {u.province.name: u.province.valid_to for u in conference.term.members.all()}
    assert provinces == {
        "Bắc Ninh": None,
        "Thái Nguyên": None,
        "Phú Thọ": None,
        "Lào Cai": None,
        "Tuyên Quang": None,
    }
    # The 2022 unit keeps its historical name and province.
    old = Registration.objects.get(conference__slug=CONFERENCE_2022, search_key="le van hoi").unit
    assert (old.name, old.province.name, str(old.province.valid_to)) == (
        "Sở Nội vụ tỉnh Bắc Kạn",
        "Bắc Kạn",
        "2025-06-30",
    )


def test_demo_organizer_signs_in_with_password_and_the_printed_second_factor(settings, capsys):
    """Organizers must use MFA; the demo's organizer has the printed secret, and
    ``demo_totp`` gives the code an authenticator app would show."""
    from django.test import Client

    from events.demo import DEMO_PASSWORD

    settings.MFA_REQUIRED_FOR_ORGANIZERS = True
    call_command("load_demo")
    assert "manage.py demo_totp" in capsys.readouterr().out
    client = Client()
    response = client.post(
        "/accounts/login/", {"login": "tochuc@hoinghi.example", "password": DEMO_PASSWORD}
    )
    assert response["Location"] == "/accounts/2fa/authenticate/"
    call_command("demo_totp")
    code = capsys.readouterr().out.strip()
    client.post("/accounts/2fa/authenticate/", {"code": code})
    home = client.get("/")
    assert home.context["user"].email == "tochuc@hoinghi.example"
    assert home.status_code == 200  # served, not sent to set up a second factor


def test_demo_decisions_are_ready_to_run_from_the_chairs_console():
    call_command("load_demo")
    seed = Conference.objects.get(slug=CONFERENCE_2022)
    motions = list(seed.decisions.order_by("position"))
    assert [d.kind for d in motions] == ["adopt", "adopt"]
    assert "Báo cáo sơ kết" in motions[0].title and "Quy chế" in motions[1].title
    assert all(d.polls.get().status == "draft" and d.agenda_item for d in motions)
    year_end = Conference.objects.get(slug=CONFERENCE_2026)
    award, election = year_end.decisions.order_by("position")
    assert (award.kind, award.secret, award.quota) == ("award", True, 1)
    members = set(year_end.term.members.values_list("pk", flat=True))
    assert set(award.polls.get().candidates.values_list("unit_id", flat=True)) == members
    slate = list(election.polls.get().candidates.values_list("office", "unit_id"))
    assert slate[0] == ("chair", year_end.term.deputy_id)  # last year's deputy chairs next


def test_the_demo_chair_opens_a_vote_from_the_console_at_once():
    """Each unit's head of delegation is checked in: the quorum is there."""
    from django.test import Client
    from django.urls import reverse

    from events.models import User

    call_command("load_demo")
    client = Client()
    client.force_login(User.objects.get(email="chutri@hoinghi.example"))
    for slug, units in [(CONFERENCE_2022, 7), (CONFERENCE_2026, 5)]:
        conference = Conference.objects.get(slug=slug)
        poll = conference.decisions.order_by("position").first().polls.get()
        url = reverse(
            "events:poll_action", kwargs={"slug": slug, "poll_id": poll.pk, "action": "open"}
        )
        client.post(url)
        poll.refresh_from_db()
        assert poll.status == "open"
        heads = {v.unit.short_name: v.registration.full_name for v in poll.voters.all()}
        assert len(heads) == units
        if slug == CONFERENCE_2022:
            assert heads["Bắc Kạn"] == "Lê Văn Hội" and heads["Bắc Giang"] == "Nguyễn Quang Đông"


def test_a_demo_head_of_delegation_logs_in_by_code_and_finds_the_open_vote(mailoutbox):
    """The demo promises delegates a login by emailed code: each approved
    delegate has the account that sending the pass would have made."""
    import re

    from django.test import Client
    from django.urls import reverse

    from events.models import User

    call_command("load_demo")
    chair = Client()
    chair.force_login(User.objects.get(email="chutri@hoinghi.example"))
    conference = Conference.objects.get(slug=CONFERENCE_2022)
    poll = conference.decisions.order_by("position").first().polls.get()
    chair.post(
        reverse(
            "events:poll_action",
            kwargs={"slug": CONFERENCE_2022, "poll_id": poll.pk, "action": "open"},
        )
    )
    head = poll.voters.get(unit__short_name="Bắc Giang").registration
    phone = Client()
    phone.post(reverse("account_request_login_code"), {"email": head.email})
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mailoutbox[-1].body, re.M).group(1)
    phone.post(reverse("account_confirm_login_code"), {"code": code})
    page = phone.get(reverse("events:my_pass", kwargs={"slug": CONFERENCE_2022}))
    text = page.content.decode()
    assert head.full_name in text
    assert poll.decision.title in text
    assert reverse("events:vote", kwargs={"slug": CONFERENCE_2022}) in text


def test_door_rehearsal_moves_the_2022_conference_to_today_and_keeps_it(capsys):
    call_command("load_demo")
    assert "load_demo --door-rehearsal" in capsys.readouterr().out
    registrations = Registration.objects.filter(conference__slug=CONFERENCE_2022).count()

    call_command("load_demo", "--door-rehearsal")

    out = capsys.readouterr().out
    conference = Conference.objects.get(slug=CONFERENCE_2022)
    now = timezone.now()
    assert conference.starts_at < now < conference.ends_at
    assert f"Door rehearsal: {CONFERENCE_2022} now runs today" in out
    assert "load_demo --door-rehearsal" not in out.split("Door rehearsal")[1]
    assert Registration.objects.filter(conference=conference).count() == registrations
    # A later plain load_demo (``make run``) keeps the rehearsal's dates.
    call_command("load_demo")
    assert Conference.objects.get(slug=CONFERENCE_2022).ends_at == conference.ends_at
    assert "load_demo --door-rehearsal" not in capsys.readouterr().out
