"""The counting committee enters paper counts on a tablet (768 by 1024):
labelled inputs, 44 px targets, a live hint when valid + invalid differ
from collected, the totals read back before saving, a refused count kept
on screen, then the merged result."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from events.models import Decision, StaffRole
from events.services.decisions import ballot_cast_open, poll_close, poll_create, poll_open
from tests.browser.quality import Audit
from tests.events.decisions_world import checked_in_heads
from tests.factories import ConferenceFactory, MembershipFactory

SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
pytestmark = pytest.mark.django_db(transaction=True)


def _closed_award():
    """Three units; one head voted on the phone, then the chair closed."""
    conference = ConferenceFactory()
    heads = checked_in_heads(conference)
    decision = Decision.objects.create(
        conference=conference,
        kind="award",
        title="Suy tôn đơn vị đề nghị tặng Bằng khen",
        max_choices=2,
    )
    poll = poll_open(poll=poll_create(decision=decision))
    lines = list(poll.candidates.all())
    ballot_cast_open(
        poll=poll,
        registration=heads[0],
        choices={str(c.pk): c.unit_id != heads[0].unit_id for c in lines},
    )
    return conference, poll_close(poll=poll), lines, heads[0].unit_id


def _tablet(browser, url, user):
    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    context = browser.new_context(viewport={"width": 768, "height": 1024}, locale="vi-VN")
    context.add_cookies([{"name": name, "value": client.cookies[name].value, "url": url}])
    return context.new_page()


def test_the_committee_enters_paper_counts_on_a_tablet(live_asgi, browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    conference, poll, lines, phone_voter_unit = _closed_award()
    chair = MembershipFactory(conference=conference, role=StaffRole.CHAIR).user
    page = _tablet(browser, live_asgi, chair)
    dialogs = []

    def accept(dialog):
        dialogs.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    audit = Audit(page)
    audit.visit(f"{live_asgi}/c/{conference.slug}/decisions/")
    page.locator(".paper-entry > summary").click()
    form = page.locator(".paper-form")
    prefix = f"paper-{poll.pk}-"

    def field(name):
        return form.locator(f"input[name='{prefix}{name}']")

    # Every input has its label; every target is at least 44 px high.
    for name in ["issued", "collected", "valid", "invalid"] + [f"line_{c.pk}" for c in lines]:
        input_id = field(name).get_attribute("id")
        assert form.locator(f"label[for='{input_id}']").count() == 1
        assert field(name).bounding_box()["height"] >= 44
    assert form.locator("button[type=submit]").bounding_box()["height"] >= 44
    assert page.locator(".paper-entry > summary").bounding_box()["height"] >= 44

    for name, value in [("issued", "2"), ("collected", "2"), ("valid", "2"), ("invalid", "1")]:
        field(name).fill(value)
    for line, value in zip(lines, ["2", "1", "1"], strict=True):
        field(f"line_{line.pk}").fill(value)
    check = form.locator("[data-paper-check]")
    assert "bad" in check.get_attribute("class") and check.inner_text().strip()
    form.locator("button[type=submit]").click()
    page.locator(".paper-form .form-errors").wait_for()
    assert "(2)" in page.locator(".paper-form .form-errors").inner_text()
    assert page.locator(f"input[name='{prefix}invalid']").input_value() == "1"  # kept
    page.screenshot(path=str(SHOTS / "paper-counts-refused-tablet.png"), full_page=True)

    page.locator(f"input[name='{prefix}invalid']").fill("0")
    assert not page.locator(".paper-form [data-paper-check]").inner_text().strip()
    page.locator(".paper-form button[type=submit]").click()
    page.locator(".paper-entered").wait_for()
    assert "2" in dialogs[-1] and len(dialogs) == 2  # each save asked first
    totals = "Số người có quyền biểu quyết 3, số phiếu thu vào 3, hợp lệ 3."
    assert page.get_by_text(totals).count() == 1
    votes = page.locator("table.result tbody tr td:nth-child(2)").all_inner_texts()
    # Phone: the two other units' lines; paper: 2, 1, 1.
    phone = [0 if c.unit_id == phone_voter_unit else 1 for c in lines]
    assert [int(v) for v in votes] == [p + n for p, n in zip(phone, [2, 1, 1], strict=True)]
    page.screenshot(path=str(SHOTS / "paper-counts-saved-tablet.png"), full_page=True)
    assert not audit.axe_violations()


def test_the_organizer_writes_next_years_term_from_the_election(live_asgi, browser):
    conference = ConferenceFactory()
    heads = checked_in_heads(conference)
    decision = Decision.objects.create(
        conference=conference,
        kind="election",
        title="Bầu Cụm trưởng, Cụm phó năm 2027",
        max_choices=2,
    )
    poll = poll_open(poll=poll_create(decision=decision))
    lines = list(poll.candidates.all())
    for head in heads:
        choices = {str(c.pk): c.unit_id != head.unit_id for c in lines}
        ballot_cast_open(poll=poll, registration=head, choices=choices)
    poll_close(poll=poll)
    organizer = MembershipFactory(conference=conference, role=StaffRole.ORGANIZER).user
    page = _tablet(browser, live_asgi, organizer)
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.goto(f"{live_asgi}/c/{conference.slug}/decisions/")
    section = page.locator(".next-term")
    assert lines[0].unit.name in section.inner_text()
    section.locator("button[type=submit]").click()
    page.locator(".next-term .notice.ok").wait_for()
    assert "2027" in asked[0] and lines[1].unit.name in asked[0]
    page.screenshot(path=str(SHOTS / "election-next-term-tablet.png"), full_page=True)
    term = conference.term.cluster.terms.get(year=2027)
    assert (term.chair_id, term.deputy_id) == (lines[0].unit_id, lines[1].unit_id)


def test_the_pass_shows_the_open_vote_on_a_phone(live_asgi, browser):
    conference = ConferenceFactory()
    head = checked_in_heads(conference)[0]
    decision = Decision.objects.create(
        conference=conference, kind="adopt", title="Thông qua Báo cáo sơ kết 6 tháng đầu năm"
    )
    poll_open(poll=poll_create(decision=decision))
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, has_touch=True, locale="vi-VN"
    )
    page = context.new_page()
    audit = Audit(page)
    audit.visit(f"{live_asgi}/pass/{head.code}/")
    card = page.locator(".pass-vote")
    assert "Thông qua Báo cáo sơ kết" in card.inner_text()
    assert card.bounding_box()["y"] < 740  # above the fold, before the QR
    page.screenshot(path=str(SHOTS / "pass-open-vote-phone.png"), full_page=True)
    audit.check(phone=True)
    card.locator("a.btn").click()
    page.wait_for_url("**/accounts/login/**")  # the ballot needs the delegate's login
    context.close()
