"""Delegates vote on their phones (360 by 740): one tap per line, at most N
agreed, a confirm, "Ballot cast" with a receipt; a reload keeps what was
ticked; after the close the published list holds every receipt."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from events.models import Decision, PollVoter, StaffRole, VotingRules
from events.services.decisions import poll_create, poll_open
from events.services.registrations import registration_link_user
from tests.events.decisions_world import checked_in_heads
from tests.factories import ConferenceFactory, MembershipFactory

SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
pytestmark = pytest.mark.django_db(transaction=True)


def _cookie(user, url):
    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    return {"name": name, "value": client.cookies[name].value, "url": url}


def _room():
    conference = ConferenceFactory()
    heads = checked_in_heads(conference, email=lambda i: f"giamdoc{i}@snv.example.vn")
    VotingRules.objects.create(cluster=conference.term.cluster, year=2026, self_vote=False)
    decision = Decision.objects.create(
        conference=conference,
        kind="award",
        title="Suy tôn đơn vị đề nghị tặng Bằng khen",
        max_choices=1,
        secret=True,
    )
    return conference, heads, poll_open(poll=poll_create(decision=decision))


def _phone(browser, url, registration):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, has_touch=True, locale="vi-VN"
    )
    context.add_cookies([_cookie(registration_link_user(registration=registration), url)])
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def _chair_page(browser, url, chair, path, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
    context.add_cookies([_cookie(chair, url)])
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(url + path)
    return page


def test_three_phones_cast_secret_ballots_and_find_their_receipts(live_asgi, browser):
    conference, heads, poll = _room()
    chair = MembershipFactory(conference=conference, role=StaffRole.CHAIR).user
    base = f"/c/{conference.slug}/decisions/"
    screen = _chair_page(browser, live_asgi, chair, base + "screen/", 1920, 1080)
    screen.get_by_text("0/3 đã bỏ phiếu").wait_for()
    receipts = []
    for n, head in enumerate(heads):
        page = _phone(browser, live_asgi, head)
        page.goto(f"{live_asgi}/c/{conference.slug}/vote/")
        lines = page.locator(".ballot-line")
        assert lines.count() == 2  # its own unit is not offered (no self-vote)
        lines.nth(0).get_by_text("Đồng ý", exact=True).click()
        # At most one "Agree": the other line's Agree is now disabled.
        assert page.locator(".ballot-line").nth(1).locator("input[value=yes]").is_disabled()
        lines.nth(1).get_by_text("Không đồng ý", exact=True).click()
        if n == 0:
            page.reload()  # what was ticked survives a reload
            assert page.locator(".ballot-line").nth(0).locator("input[value=yes]").is_checked()
            page.screenshot(path=str(SHOTS / "vote-phone-ballot.png"), full_page=True)
        page.get_by_role("button", name="Bỏ phiếu").click()
        page.locator("[data-done]").wait_for(state="visible")
        receipt = page.locator("[data-receipt]").inner_text().strip()
        assert len(receipt) == 10
        receipts.append(receipt)
        if n == 0:
            page.screenshot(path=str(SHOTS / "vote-phone-done.png"), full_page=True)
            page.reload()  # still "cast" after a reload, never a second ballot
            page.locator("[data-done]").wait_for(state="visible")
            assert page.locator("[data-receipt]").inner_text().strip() == receipt
        page.context.close()
        screen.get_by_text(f"{n + 1}/3 đã bỏ phiếu").wait_for()
        assert not screen.locator(".screen-result").count()  # no partial result while open
    screen.screenshot(path=str(SHOTS / "vote-projector-progress.png"))
    assert PollVoter.objects.filter(poll=poll, voted=True).count() == 3
    tablet = _chair_page(browser, live_asgi, chair, base, 1024, 768)
    assert tablet.get_by_text("3/3 đã bỏ phiếu").count()
    tablet.screenshot(path=str(SHOTS / "vote-console-open.png"), full_page=True)
    tablet.get_by_role("button", name="Kết thúc và kiểm phiếu").click()
    tablet.get_by_text("Danh sách phiếu công bố").wait_for()
    tablet.screenshot(path=str(SHOTS / "vote-console-closed.png"), full_page=True)
    screen.locator(".screen-result").wait_for()
    rows = screen.locator(".screen-result tbody tr").all_inner_texts()
    assert len(rows) == 3 and sum(int(r.split("\t")[1]) for r in rows) == 3
    totals = "Số người có quyền biểu quyết 3, số phiếu thu vào 3, hợp lệ 3."
    assert screen.get_by_text(totals).count()
    screen.screenshot(path=str(SHOTS / "vote-projector-result.png"), full_page=True)
    height = screen.evaluate("() => document.documentElement.scrollHeight")
    assert height <= 1080
    page = _phone(browser, live_asgi, heads[0])
    page.goto(f"{live_asgi}/c/{conference.slug}/polls/{poll.pk}/receipts/")
    listed = page.locator(".receipt-cell").all_inner_texts()
    assert sorted(r.strip() for r in listed) == sorted(receipts)
    page.screenshot(path=str(SHOTS / "vote-receipts.png"), full_page=True)
