# ruff: noqa: E501 (the matrix is a table: one URL per line reads better than wrapped rows)
"""Every URL pattern by every role: who gets in, who is refused, and that a
refused action changed nothing.

The table (``MATRIX``) is generated against the URL conf: a new named URL
without a row fails ``test_every_url_pattern_has_a_permission_entry``, and a
row for a URL that no longer exists fails too. Adding a row is one line:

    "events:xyz": E(CONF, get=MANAGE, post=MANAGE_POST),

Cells are compact codes (``OK``, ``LOGIN``... below); ``only(*roles, code)`` builds the
usual shape "these roles get ``code``, other viewers of the conference 403,
the other conference's organizer 404, anonymous to the login page".

POSTs are sent without CSRF tokens (the test client does not enforce CSRF:
here we test permissions, CSRF has its own tests) and with an empty or
minimal body: for allowed roles it is enough that they are not refused
("allowed"); the existing view tests check what the action does. For refused
roles the whole of the events and signing tables must be unchanged.

Every request runs in a savepoint that is rolled back, so the world built
once for the module stays as it was for the next cell.
"""

from __future__ import annotations

import copy
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from events.checkin_tokens import self_checkin_token
from events.models import (
    CheckinMethod,
    CountingMember,
    Decision,
    Mailing,
    StaffRole,
    User,
    VotingRules,
)
from events.services.checkin import checkin_list_main, checkin_perform
from events.services.checkin_self import entrance_display_create
from events.services.checkin_setup import device_create
from events.services.decisions import poll_close, poll_create, poll_open
from events.services.documents import Upload, document_render_pages, document_upload
from events.services.walkins import walkin_request
from signing.audit import RequestMeta
from signing.models import AuditKind, Signatory, SigningMode
from signing.services import (
    ceremony_open,
    ceremony_setup,
    covenant_update,
    kiosk_device_create,
    link_issue,
    link_resolve,
    signature_submit,
)
from signing.services.minutes import (
    minutes_finalise,
    minutes_link_issue,
    minutes_setup,
    minutes_update,
)
from signing.services.news_photos import news_photo_upload
from signing.signature_urls import signature_image_url
from tests.events.document_samples import pdf_bytes
from tests.factories import (
    AgendaItemFactory,
    ConferenceFactory,
    MembershipFactory,
    RegistrationFactory,
    UserFactory,
)
from tests.signing.conftest import BODY, signature_png

# --- Outcomes -------------------------------------------------------------------------

OK = "ok"  # 2xx
LOGIN = "login"  # redirect to a login page (ours or the admin's)
REDIRECT = "redirect"  # 3xx elsewhere
ALLOWED = "allowed"  # a POST that was not refused (any answer but 401/403/404/405/login)
S400, S401, S403, S404, S405 = "400", "401", "403", "404", "405"
REFUSALS = {LOGIN, S401, S403, S404, S405}

# How the app grants each (events/permissions.py): "delegate" is a logged-in
# account whose email is an approved registration's (is_registered), the
# liaisons are LIAISON memberships for the first unit and for the second,
# "other_organizer" organizes the other conference, "site_admin" is a
# superuser. Both conferences are private and published.
ROLES = (
    "anonymous",
    "delegate",
    "liaison",
    "other_liaison",
    "checkin",
    "chair",
    "other_organizer",
    "organizer",
    "site_admin",
)
VIEWERS = ("delegate", "liaison", "other_liaison", "checkin", "chair", "organizer", "site_admin")


def every(code: str) -> dict[str, str]:
    return dict.fromkeys(ROLES, code)


def only(*allowed: str, code: str = OK) -> dict[str, str]:
    """``allowed`` roles get ``code``; other viewers of the conference 403,
    the organizer of another conference 404 (it may not even see it),
    anonymous visitors the login page."""
    cells = dict.fromkeys(ROLES, S403)
    cells.update(anonymous=LOGIN, other_organizer=S404)
    cells.update(dict.fromkeys(allowed, code))
    return cells


VIEW = only(*VIEWERS)
MANAGE = only("organizer", "site_admin")
CHAIR = only("chair", "organizer", "site_admin")
CHECKIN = only("checkin", "organizer", "site_admin")
ATTENDANCE = only("liaison", "other_liaison", "checkin", "chair", "organizer", "site_admin")
ATTENDANCE_POST = {role: ALLOWED if code == OK else code for role, code in ATTENDANCE.items()}
OWN_UNIT = only("liaison", "organizer", "site_admin")
# POSTs to pages with a form, and GET/POST of views that only accept POST
# (checked after the permission: allowed roles see 405 on GET).
VIEW_POST = only(*VIEWERS, code=ALLOWED)
MANAGE_POST = only("organizer", "site_admin", code=ALLOWED)
MANAGE_POST_ONLY = only("organizer", "site_admin", code=S405)
MANAGE_REDIRECT = only("organizer", "site_admin", code=REDIRECT)
CHAIR_POST = only("chair", "organizer", "site_admin", code=ALLOWED)
CHAIR_POST_ONLY = only("chair", "organizer", "site_admin", code=S405)
CHECKIN_POST = only("checkin", "organizer", "site_admin", code=ALLOWED)
OWN_UNIT_POST = only("liaison", "organizer", "site_admin", code=ALLOWED)
SITE_ADMIN = {**every(S403), "anonymous": LOGIN, "site_admin": OK}
SITE_ADMIN_POST = {**SITE_ADMIN, "site_admin": ALLOWED}
SITE_ADMIN_POST_ONLY = {**SITE_ADMIN, "site_admin": S405}
# The JSON check-in API answers 401/403 in JSON rather than redirecting.
API = {**every(S403), "anonymous": S401, "checkin": OK, "organizer": OK, "site_admin": OK}
API_POST = {**API, "checkin": ALLOWED, "organizer": ALLOWED, "site_admin": ALLOWED}
# The bearer pages: holding the URL is the permission.
ANYONE = every(OK)
ANYONE_POST = every(ALLOWED)


@dataclass(frozen=True)
class E:
    """One URL's row: its kwargs from the world, and per method the outcome
    per role. ``bearer``: the URL itself grants access (its conference's title
    may show to anyone holding it). ``data``: the POST body (form fields, or a
    dict sent as JSON when ``json`` is set)."""

    kwargs: Callable[[World], dict]
    get: dict[str, str]
    post: dict[str, str]
    query: Callable[[World], str] = lambda w: ""
    data: Callable[[World], dict] = lambda w: {}
    json: bool = False
    bearer: bool = False


NONE = lambda w: {}  # noqa: E731 (a table of one-line lambdas reads best)
CONF = lambda w: {"slug": w.conference.slug}  # noqa: E731
CONF_PK = {
    "registration": lambda w: {"slug": w.conference.slug, "pk": w.registration.pk},
    "item": lambda w: {"slug": w.conference.slug, "pk": w.item.pk},
    "device": lambda w: {"slug": w.conference.slug, "pk": w.device.pk},
    "signatory": lambda w: {"slug": w.conference.slug, "pk": w.signatory.pk},
    "staff": lambda w: {"slug": w.conference.slug, "pk": w.extra_staff.pk},
    "display": lambda w: {"slug": w.conference.slug, "pk": w.display.pk},
    "kiosk": lambda w: {"slug": w.conference.slug, "pk": w.kiosk.pk},
    "walkin": lambda w: {"slug": w.conference.slug, "pk": w.walkin.pk},
    "document": lambda w: {"slug": w.conference.slug, "pk": w.document.pk},
    "mailing": lambda w: {"slug": w.conference.slug, "pk": w.mailing.pk},
}
UNIT = lambda w: {"slug": w.conference.slug, "unit_id": w.unit.pk}  # noqa: E731
AT_CONF = lambda w: f"?conference={w.conference.slug}"  # noqa: E731
SCAN = lambda w: {"conference": w.conference.slug, "code": w.registration.code, "nonce": "m-1"}  # noqa: E731
ANNUL = lambda w: {"conference": w.conference.slug, "checkin": w.checkin_id}  # noqa: E731

# fmt: off
MATRIX: dict[str, E] = {
    "admin:index": E(NONE, get={**every(LOGIN), "site_admin": OK}, post={**every(LOGIN), "site_admin": ALLOWED}),
    # events: public pages and passes
    "events:home": E(NONE, get=ANYONE, post=ANYONE_POST),
    "events:conference_detail": E(CONF, get=VIEW, post=VIEW_POST),
    "events:my_pass": E(CONF, get={**every(S404), "anonymous": LOGIN, "delegate": OK}, post={**every(S404), "anonymous": LOGIN, "delegate": ALLOWED}),
    "events:vote": E(CONF, get=only("delegate"), post=only("delegate", code=ALLOWED)),
    "events:ballot_submit": E(lambda w: {"slug": w.conference.slug, "poll_id": w.poll.pk}, get={**only("delegate", code=S405), "anonymous": S401}, post={**only("delegate", code=ALLOWED), "anonymous": S401}, json=True),
    "events:poll_receipts": E(lambda w: {"slug": w.conference.slug, "poll_id": w.closed_poll.pk}, get=VIEW, post=VIEW_POST),
    "events:decisions": E(CONF, get=CHAIR, post=CHAIR_POST),
    "events:decisions_screen": E(CONF, get=VIEW, post=VIEW_POST),
    "events:poll_action": E(lambda w: {"slug": w.conference.slug, "poll_id": w.poll.pk, "action": "add"}, get=CHAIR_POST_ONLY, post=CHAIR_POST),
    "events:poll_paper_ballots": E(lambda w: {"slug": w.conference.slug, "poll_id": w.poll.pk}, get=CHAIR, post=CHAIR_POST),
    "events:counting_committee": E(lambda w: {"slug": w.conference.slug, "decision_id": w.closed_poll.decision_id}, get=CHAIR, post=CHAIR_POST),
    "events:counting_committee_add": E(lambda w: {"slug": w.conference.slug, "decision_id": w.closed_poll.decision_id}, get=CHAIR_POST_ONLY, post=CHAIR_POST, data=lambda w: {"registration": w.pending.pk}),
    "events:counting_committee_remove": E(lambda w: {"slug": w.conference.slug, "decision_id": w.closed_poll.decision_id, "member_id": w.counting_member.pk}, get=CHAIR_POST_ONLY, post=CHAIR_POST),
    "events:poll_paper": E(lambda w: {"slug": w.conference.slug, "poll_id": w.closed_poll.pk}, get=CHAIR_POST_ONLY, post=CHAIR_POST),
    "events:poll_next_term": E(lambda w: {"slug": w.conference.slug, "poll_id": w.closed_poll.pk}, get=MANAGE_POST_ONLY, post=MANAGE_POST),
    "events:pass_by_code": E(lambda w: {"code": w.registration.code}, get=ANYONE, post=ANYONE_POST, bearer=True),
    # events: staff
    "events:conference_staff": E(CONF, get=MANAGE, post=MANAGE_POST),
    "events:conference_staff_remove": E(CONF_PK["staff"], get=MANAGE_POST_ONLY, post=MANAGE_POST),
    "events:activity_log": E(CONF, get=MANAGE, post=MANAGE_POST),
    # events: registration (organizers) and liaisons
    "events:registration_list": E(CONF, get=MANAGE, post=MANAGE_POST),
    "events:registration_new": E(CONF, get=MANAGE, post=MANAGE_POST),
    "events:registration_bulk_approve": E(CONF, get=MANAGE_POST_ONLY, post=MANAGE_POST, data=lambda w: {"ids": [w.pending.pk]}),
    "events:registration_policy": E(CONF, get=MANAGE, post=MANAGE_POST),
    "events:registration_edit": E(CONF_PK["registration"], get=MANAGE, post=MANAGE_POST),
    "events:registration_status": E(CONF_PK["registration"], get=MANAGE_POST_ONLY, post=MANAGE_POST, data=lambda w: {"action": "decline"}),
    "events:registration_reissue": E(CONF_PK["registration"], get=MANAGE_POST_ONLY, post=MANAGE_POST),
    "events:registration_badge": E(CONF_PK["registration"], get=MANAGE, post=MANAGE_POST),
    "events:registration_files": E(CONF, get=MANAGE, post=MANAGE_POST),
    "events:registration_import": E(CONF, get=MANAGE, post=MANAGE_POST),
    "events:registration_template": E(CONF, get=MANAGE, post=MANAGE_POST),
    "events:registration_export": E(CONF, get=MANAGE, post=MANAGE_POST, query=lambda w: "?format=csv&codes=1"),
    "events:registration_attendee_list": E(CONF, get=MANAGE, post=MANAGE_POST),
    "events:registration_badges": E(CONF, get=MANAGE, post=MANAGE_POST),
    "events:registration_send_pass": E(CONF_PK["registration"], get=only("liaison", "organizer", "site_admin", code=S405), post=OWN_UNIT_POST),
    # events: mailings (bulk email in the background)
    "events:mailing_list": E(CONF, get=MANAGE, post=MANAGE_POST, data=lambda w: {"kind": "pass"}),
    "events:mailing_detail": E(CONF_PK["mailing"], get=MANAGE, post=MANAGE_POST),
    "events:mailing_progress": E(CONF_PK["mailing"], get=MANAGE, post=MANAGE_POST),
    "events:mailing_retry": E(CONF_PK["mailing"], get=MANAGE_POST_ONLY, post=MANAGE_POST),
    "events:liaison_list": E(CONF, get=MANAGE, post=MANAGE_POST, data=lambda w: {"unit": w.unit.pk}),
    "events:liaison_card": E(UNIT, get=MANAGE, post=MANAGE_POST),
    "events:liaison_unit": E(UNIT, get=OWN_UNIT, post=OWN_UNIT_POST),
    "events:liaison_edit": E(lambda w: {**UNIT(w), "pk": w.registration.pk}, get=OWN_UNIT, post=OWN_UNIT_POST, data=lambda w: {"action": "withdraw"}),
    # events: invitation letters (the world has no letter settings yet: the
    # downloads refuse with a message on the invitations page)
    "events:invitation_list": E(CONF, get=MANAGE, post=MANAGE_POST),
    "events:invitations_pdf": E(CONF, get=MANAGE_REDIRECT, post=MANAGE_POST),
    "events:invitations_docx_zip": E(CONF, get=MANAGE_REDIRECT, post=MANAGE_POST),
    "events:invitation_file": E(lambda w: {**CONF(w), "key": f"u{w.unit.pk}", "ext": "docx"}, get=MANAGE_REDIRECT, post=MANAGE_POST),
    "events:attendance_report": E(lambda w: {**CONF(w), "ext": "xlsx"}, get=CHAIR, post=CHAIR_POST),
    # events: agenda
    "events:agenda": E(CONF, get=VIEW, post=VIEW_POST),
    "events:agenda_screen": E(CONF, get=VIEW, post=VIEW_POST),
    "events:agenda_pdf": E(CONF, get=VIEW, post=VIEW_POST),
    "events:agenda_ics": E(CONF, get=VIEW, post=VIEW_POST),
    "events:agenda_api": E(CONF, get={**VIEW, "anonymous": S401}, post={**VIEW_POST, "anonymous": S401}),
    "events:agenda_console": E(CONF, get=CHAIR, post=CHAIR_POST),
    "events:agenda_control": E(lambda w: {**CONF(w), "action": "start-next"}, get=every(S405), post=CHAIR_POST),
    "events:agenda_edit": E(CONF, get=MANAGE, post=MANAGE_POST),
    "events:agenda_item_edit": E(CONF_PK["item"], get=MANAGE, post=MANAGE_POST),
    "events:agenda_item_delete": E(CONF_PK["item"], get=every(S405), post=MANAGE_POST),
    "events:agenda_item_move": E(CONF_PK["item"], get=every(S405), post=MANAGE_POST, data=lambda w: {"direction": "down"}),
    "events:agenda_reorder": E(CONF, get=every(S405), post=MANAGE_POST, data=lambda w: {"items": [w.item2.pk, w.item.pk]}, json=True),
    "events:agenda_starter": E(CONF, get=every(S405), post=MANAGE_POST),
    "events:agenda_copy": E(CONF, get=every(S405), post=MANAGE_POST),
    # events: documents for delegates (staff and approved delegates read; organizers manage)
    "events:document_list": E(CONF, get=VIEW, post=VIEW_POST),
    "events:document_read": E(CONF_PK["document"], get=VIEW, post=VIEW_POST),
    "events:document_page": E(lambda w: {**CONF_PK["document"](w), "page": 1}, get=VIEW, post=VIEW_POST),
    "events:document_download": E(CONF_PK["document"], get=VIEW, post=VIEW_POST),
    "events:document_manage": E(CONF, get=MANAGE, post=MANAGE_POST),
    "events:document_publish": E(CONF_PK["document"], get=every(S405), post=MANAGE_POST, data=lambda w: {"action": "unpublish"}),
    "events:document_move": E(CONF_PK["document"], get=every(S405), post=MANAGE_POST, data=lambda w: {"direction": "up"}),
    "events:document_delete": E(CONF_PK["document"], get=every(S405), post=MANAGE_POST),
    # events: check-in
    "events:api_checkin": E(NONE, get=every(S405), post=API_POST, data=SCAN, json=True),
    "events:api_checkin_annul": E(NONE, get=every(S405), post=API_POST, data=ANNUL, json=True),
    "events:api_checkin_search": E(NONE, get=API, post=every(S405), query=lambda w: AT_CONF(w) + "&q=Nguy"),
    "events:api_device_info": E(NONE, get=API, post=every(S405), query=AT_CONF),
    "events:device_scanner": E(NONE, get=ANYONE, post=ANYONE_POST),
    # The offline door (docs/offline.md): a paired device's bearer token only.
    "events:api_checkin_roster": E(NONE, get=every(S401), post=every(S405)),
    "events:api_checkin_sync": E(NONE, get=every(S405), post=every(S401), data=lambda w: {"sent_at": 1, "scans": []}, json=True),
    "events:service_worker": E(NONE, get=ANYONE, post=every(S405)),
    "events:web_manifest": E(NONE, get=ANYONE, post=every(S405)),
    "events:device_pair": E(lambda w: {"secret": w.device.pairing_secret}, get=ANYONE, post=ANYONE_POST, bearer=True),
    "events:checkin_setup": E(CONF, get=MANAGE, post=MANAGE_POST),
    "events:checkin_list_create": E(CONF, get=MANAGE, post=MANAGE_POST),
    "events:checkin_list_edit": E(lambda w: {**CONF(w), "list_slug": w.checkin_list.slug}, get=MANAGE, post=MANAGE_POST),
    "events:device_create": E(CONF, get=MANAGE_POST_ONLY, post=MANAGE_POST, data=lambda w: {"name": "Cổng 2"}),
    "events:device_detail": E(CONF_PK["device"], get=MANAGE, post=MANAGE_POST),
    "events:device_revoke": E(CONF_PK["device"], get=MANAGE_POST_ONLY, post=MANAGE_POST),
    "events:staff_scanner": E(CONF, get=CHECKIN, post=CHECKIN_POST),
    "events:door_desk": E(CONF, get=CHECKIN, post=CHECKIN_POST, query=lambda w: "?q=hoi"),
    "events:checkin_badge": E(CONF_PK["registration"], get=CHECKIN, post=CHECKIN_POST),
    "events:walkin_new": E(CONF, get=CHECKIN, post=CHECKIN_POST, data=lambda w: {"full_name": "Khách Mời", "organization": "Bộ Nội vụ", "role": w.guest_role.pk}),
    # Check-in staff approve walk-ins only where the conference lets them (off here).
    "events:walkin_approve": E(CONF_PK["walkin"], get=MANAGE_POST_ONLY, post=MANAGE_POST),
    "events:walkin_decline": E(CONF_PK["walkin"], get=MANAGE_POST_ONLY, post=MANAGE_POST),
    "events:checkin_entrance": E(CONF, get=MANAGE, post=MANAGE_POST),
    "events:entrance_display_create": E(CONF, get=MANAGE_POST_ONLY, post=MANAGE_POST, data=lambda w: {"name": "Màn hình 2"}),
    "events:entrance_display_detail": E(CONF_PK["display"], get=MANAGE, post=MANAGE_POST),
    "events:entrance_display_revoke": E(CONF_PK["display"], get=MANAGE_POST_ONLY, post=MANAGE_POST),
    # The paired display at the door: its cookie, never a role, lets it in.
    "events:entrance_display": E(NONE, get=every(S403), post=every(S403)),
    "events:entrance_display_code": E(NONE, get=every(S403), post=every(S403)),
    "events:entrance_display_pair": E(lambda w: {"secret": w.display.pairing_secret}, get=ANYONE, post=ANYONE_POST, bearer=True),
    "events:attendance": E(CONF, get=ATTENDANCE, post=ATTENDANCE_POST),
    "events:self_checkin": E(lambda w: {**CONF(w), "token": w.entrance_token()}, get={**every(REDIRECT), "anonymous": LOGIN}, post={**every(ALLOWED), "anonymous": LOGIN}, bearer=True),
    # Without the entrance code's grant in the session: "scan it first", to whoever may see the conference.
    "events:self_checkin_confirm": E(CONF, get={**every(S400), "anonymous": LOGIN, "other_organizer": S404}, post={**every(ALLOWED), "anonymous": LOGIN, "other_organizer": S404}),
    # events: site administration
    "events:cluster_list": E(NONE, get=SITE_ADMIN, post=SITE_ADMIN_POST),
    "events:cluster_detail": E(lambda w: {"slug": w.conference.term.cluster.slug}, get=SITE_ADMIN, post=SITE_ADMIN_POST),
    "events:unit_add": E(lambda w: {"slug": w.conference.term.cluster.slug}, get=SITE_ADMIN_POST_ONLY, post=SITE_ADMIN_POST),
    "events:term_add": E(lambda w: {"slug": w.conference.term.cluster.slug}, get=SITE_ADMIN_POST_ONLY, post=SITE_ADMIN_POST),
    "events:conference_create": E(NONE, get=SITE_ADMIN, post=SITE_ADMIN_POST),
    # signing
    "signing:console": E(CONF, get=CHAIR, post=CHAIR_POST),
    "signing:setup": E(CONF, get=MANAGE_POST_ONLY, post=MANAGE_POST),
    "signing:covenant_edit": E(CONF, get=MANAGE, post=MANAGE_POST),
    "signing:signatory_edit": E(CONF_PK["signatory"], get=CHAIR, post=CHAIR_POST),
    "signing:link_issue": E(CONF_PK["signatory"], get=CHAIR_POST_ONLY, post=CHAIR_POST),
    "signing:kiosk_unlock": E(CONF_PK["signatory"], get=CHAIR_POST_ONLY, post=CHAIR_POST, data=lambda w: {"device": w.kiosk.pk}),
    "signing:kiosk_device_create": E(CONF, get=CHAIR_POST_ONLY, post=CHAIR_POST, data=lambda w: {"name": "Máy tính bảng 2"}),
    "signing:kiosk_device": E(CONF_PK["kiosk"], get=CHAIR, post=CHAIR_POST),
    "signing:kiosk_device_revoke": E(CONF_PK["kiosk"], get=CHAIR_POST_ONLY, post=CHAIR_POST),
    # The paired tablet: its cookie, never a role, lets it in.
    "signing:kiosk": E(NONE, get=every(S403), post=every(S403), data=lambda w: {"signatory": w.signatory.pk}),
    "signing:kiosk_state": E(NONE, get=every(S403), post=every(S403)),
    "signing:kiosk_pair": E(lambda w: {"secret": w.kiosk.pairing_secret}, get=ANYONE, post=ANYONE_POST, bearer=True),
    "signing:kiosk_lock": E(CONF, get=CHAIR_POST_ONLY, post=CHAIR_POST),
    "signing:audit": E(CONF, get=CHAIR, post=CHAIR_POST),
    "signing:pdf": E(CONF, get=CHAIR, post=CHAIR_POST),
    "signing:screen": E(CONF, get=VIEW, post=VIEW_POST),
    # A short-lived signed URL, minted only for who may see signatures: it is the permission.
    "signing:signature_image": E(lambda w: {**CONF(w), "token": w.image_token()}, get=ANYONE, post=ANYONE_POST, bearer=True),
    "signing:transition": E(lambda w: {**CONF(w), "action": "cancel"}, get=CHAIR_POST_ONLY, post=CHAIR_POST, data=lambda w: {"reason": "Hoãn"}),
    # A valid link, before login: its own landing page; the button sends the code (→ code page).
    "signing:link": E(lambda w: {"token": w.link_token}, get={**every(S403), "anonymous": OK, "delegate": OK}, post={**every(S403), "anonymous": REDIRECT, "delegate": ALLOWED}, bearer=True),
    # Only the signer sees their own thanks page; this signatory is nobody here.
    "signing:signed": E(lambda w: {"pk": w.signed.pk}, get=every(S403), post=every(S403)),
    "signing:verify": E(lambda w: {"public_id": w.ceremony.public_id}, get=ANYONE, post=ANYONE_POST, bearer=True),
    # Not sealed yet: nothing to download, for anyone.
    "signing:counting_seal": E(lambda w: {**CONF(w), "poll_id": w.closed_poll.pk}, get=CHAIR_POST_ONLY, post=CHAIR_POST),
    "signing:counting_pdf": E(lambda w: {**CONF(w), "poll_id": w.closed_poll.pk}, get=CHAIR, post=CHAIR_POST),
    "signing:counting_docx": E(lambda w: {**CONF(w), "poll_id": w.closed_poll.pk}, get=CHAIR, post=CHAIR_POST),
    "signing:minutes": E(CONF, get=MANAGE, post=MANAGE_POST),
    "signing:minutes_action": E(lambda w: {**CONF(w), "action": "regenerate"}, get=MANAGE_POST_ONLY, post=MANAGE_POST),
    "signing:minutes_pdf": E(CONF, get=MANAGE, post=MANAGE_POST),
    "signing:minutes_docx": E(CONF, get=MANAGE, post=MANAGE_POST),
    "signing:minutes_sign": E(lambda w: {"token": w.minutes_token}, get={**every(S403), "anonymous": LOGIN, "delegate": OK}, post={**every(S403), "anonymous": LOGIN, "delegate": ALLOWED}, bearer=True),
    "signing:news": E(CONF, get=MANAGE, post=MANAGE_POST),
    "signing:news_photo": E(lambda w: {**CONF(w), "pk": w.photo.pk}, get=MANAGE_POST_ONLY, post=MANAGE_POST),
    "signing:news_photo_file": E(lambda w: {**CONF(w), "pk": w.photo.pk, "size": "thumb"}, get=MANAGE, post=MANAGE),
    "signing:news_html": E(CONF, get=MANAGE, post=MANAGE_POST),
    "signing:news_docx": E(CONF, get=MANAGE, post=MANAGE_POST),
    "signing:verify_pdf": E(lambda w: {"public_id": w.ceremony.public_id}, get=every(S404), post=every(S404), bearer=True),
}
# fmt: on


# --- The URL conf ----------------------------------------------------------------------

SKIPPED_MODULES = ("allauth.", "django.conf.urls.i18n")


def _module_name(resolver: URLResolver) -> str:
    module = resolver.urlconf_name
    return module if isinstance(module, str) else getattr(module, "__name__", "")


def url_names(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    """Every named pattern, ``namespace:name``, through every include; allauth's
    and i18n's own URLs are left out, Django admin's count as its index."""
    resolver = resolver or get_resolver()
    names: set[str] = set()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if _module_name(entry).startswith(SKIPPED_MODULES):
                continue
            if entry.namespace == "admin":
                names.add("admin:index")
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= url_names(entry, inner)
        elif isinstance(entry, URLPattern):
            names.add(f"{namespace}{entry.name}" if entry.name else f"{namespace}<unnamed {entry}>")
    return names


def test_every_url_pattern_has_a_permission_entry():
    names = url_names()
    missing = sorted(names - MATRIX.keys())
    stale = sorted(MATRIX.keys() - names)

    assert not missing, "\n".join(f"new URL pattern without permission entry: {n}" for n in missing)
    assert not stale, "\n".join(
        f"permission entry for a URL that no longer exists: {n}" for n in stale
    )
    assert all(set(row.get) == set(row.post) == set(ROLES) for row in MATRIX.values())


# --- The world -------------------------------------------------------------------------

TITLE = "Hội nghị ký kết giao ước Cụm Tràng An"
OTHER_TITLE = "Hội nghị sơ kết Cụm Phố Hiến"
SIGNER_EMAIL = "giamdoc.donvi1@hoinghi.example"


@dataclass
class World:
    conference: object = None
    other: object = None
    clients: dict[str, Client] = field(default_factory=dict)
    state: dict = field(default_factory=dict)  # every row, to compare after a refusal

    def entrance_token(self) -> str:
        return self_checkin_token(list_id=self.checkin_list.pk)

    def image_token(self) -> str:
        url = signature_image_url(
            slug=self.conference.slug,
            ceremony_id=self.ceremony.pk,
            signatory_id=self.signed.pk,
            image_sha256=Signatory.objects.get(pk=self.signed.pk).signature_sha256,
        )
        return url.rsplit("/", 1)[1].removesuffix(".png")

    def hidden_titles(self, role: str) -> set[str]:
        """Titles of conferences this role may not see (both are private)."""
        return {
            "anonymous": {TITLE, OTHER_TITLE},
            "other_organizer": {TITLE},
            "site_admin": set(),
        }.get(role, {OTHER_TITLE})


def _build_world() -> World:
    from events.models import Province
    from events.provinces import load_provinces

    if not Province.objects.exists():  # after a transactional test's flush
        load_provinces(Province)
    w = World()
    w.conference = conference = ConferenceFactory(title=TITLE)
    w.other = other = ConferenceFactory(title=OTHER_TITLE)
    term = conference.term
    w.unit = term.chair
    third = term.members.exclude(pk__in=[term.chair_id, term.deputy_id]).get()
    users = {
        "delegate": UserFactory(email=SIGNER_EMAIL),
        "liaison": MembershipFactory(
            conference=conference, role=StaffRole.LIAISON, unit=w.unit
        ).user,
        "other_liaison": MembershipFactory(
            conference=conference, role=StaffRole.LIAISON, unit=term.deputy
        ).user,
        "checkin": MembershipFactory(conference=conference, role=StaffRole.CHECKIN).user,
        "chair": MembershipFactory(conference=conference, role=StaffRole.CHAIR).user,
        "other_organizer": MembershipFactory(conference=other, role=StaffRole.ORGANIZER).user,
        "organizer": MembershipFactory(conference=conference, role=StaffRole.ORGANIZER).user,
        "site_admin": UserFactory(is_superuser=True, is_staff=True),
    }
    w.extra_staff = MembershipFactory(conference=conference, role=StaffRole.CHECKIN)
    w.registration = RegistrationFactory(
        conference=conference,
        full_name="Lê Văn Hội",
        title="Giám đốc",
        role_code="director",
        unit=w.unit,
        email=SIGNER_EMAIL,
    )
    for unit, name, email in (
        (term.deputy, "Nguyễn Quang Đông", "pgd.donvi2@hoinghi.example"),
        (third, "Bùi Văn Thành", "gd.donvi3@hoinghi.example"),
    ):
        RegistrationFactory(
            conference=conference,
            full_name=name,
            title="Giám đốc",
            role_code="director",
            unit=unit,
            email=email,
        )
    w.pending = RegistrationFactory(
        conference=conference, full_name="Trần Thị Mai", status="pending"
    )
    RegistrationFactory(conference=other, full_name="Phạm Văn Khác")
    w.mailing = Mailing.objects.create(conference=conference, kind="pass", key="world")
    w.item = AgendaItemFactory(conference=conference, title="Khai mạc")
    w.item2 = AgendaItemFactory(conference=conference, title="Báo cáo tổng kết")
    w.document = document_upload(
        conference=conference,
        title="Dự thảo báo cáo sơ kết",
        upload=Upload(data=pdf_bytes(1), filename="du-thao.pdf"),
        agenda_item=w.item2,
        published=True,
    )
    document_render_pages(document_id=w.document.pk)  # as the task worker does
    w.checkin_list = checkin_list_main(conference=conference)
    w.device = device_create(conference=conference, name="Cổng 1", created_by=users["organizer"])
    w.display = entrance_display_create(conference=conference, name="Màn hình cổng chính")
    w.guest_role = conference.roles.get(code="guest")
    w.walkin = walkin_request(
        conference=conference,
        kind="guest",
        person={"given_name": "Khách", "organization": "Văn phòng Bộ"},
        role=w.guest_role,
        checkin_list=w.checkin_list,
        approve=False,
    )
    w.checkin_id = checkin_perform(
        conference=conference,
        checkin_list=w.checkin_list,
        nonce="world-1",
        code=w.registration.code,
        method=CheckinMethod.CAMERA,
    ).checkin.pk
    VotingRules.objects.create(
        cluster=conference.term.cluster,
        year=conference.starts_at.year,
        quorum_numerator=1,
        quorum_denominator=3,
    )
    motion = Decision.objects.create(conference=conference, kind="adopt", title="Quy chế")
    w.poll = poll_open(poll=poll_create(decision=motion))
    secret = Decision.objects.create(conference=conference, kind="adopt", title="Kín", secret=True)
    w.closed_poll = poll_close(poll=poll_open(poll=poll_create(decision=secret)))
    w.counting_member = CountingMember.objects.create(decision=secret, registration=w.registration)
    ceremony = ceremony_setup(conference=conference)
    covenant_update(ceremony=ceremony, body=BODY, preamble="Các đơn vị thống nhất giao ước.")
    w.ceremony = ceremony = ceremony_open(ceremony=ceremony)
    signatories = {s.unit_id: s for s in ceremony.signatories.all()}
    w.signatory = signatories[w.unit.pk]
    w.kiosk = kiosk_device_create(ceremony=ceremony, name="Máy tính bảng 1")
    url = link_issue(signatory=w.signatory)
    w.link_token = url.rstrip("/").rsplit("/", 1)[1]
    w.signed = signatories[third.pk]
    signed_url = link_issue(signatory=w.signed)
    signer = User.objects.get(email__iexact=w.signed.email)
    signature_submit(
        signatory=w.signed,
        png=signature_png(),
        consent=True,
        seen_text_sha256=ceremony.text_sha256,
        mode=SigningMode.PHONE,
        meta=RequestMeta(user=signer, ip="10.0.0.1", user_agent="pytest"),
        link=link_resolve(token=signed_url.rstrip("/").rsplit("/", 1)[1]),
    )
    minutes = minutes_setup(conference=conference)
    minutes_update(
        minutes=minutes,
        number="",
        opening="",
        items={},
        adopted="",
        other="",
        secretary_id=w.registration.pk,
        chair_id=w.registration.pk,
    )
    minutes = minutes_finalise(minutes=minutes)
    w.minutes_token = minutes_link_issue(signer=minutes.signers.get(role="secretary"))
    w.photo = news_photo_upload(conference=conference, data=signature_png(), caption="Quang cảnh")
    # Each role from its own address, fresh for this run: the per-IP rate
    # limits of public pages (passes, verification, the agenda PDF) count
    # a handful of requests per role, never other tests' requests.
    run = secrets.randbelow(250)
    for n, role in enumerate(ROLES):
        w.clients[role] = Client(REMOTE_ADDR=f"198.18.{run}.{n + 1}")
        if role in users:
            w.clients[role].force_login(users[role])
    return w


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once, inside a transaction rolled back at the end of the module."""
    media = tmp_path_factory.mktemp("matrix-media")
    with override_settings(MEDIA_ROOT=media), django_db_blocker.unblock(), transaction.atomic():
        built = _build_world()
        built.state = fingerprint()
        yield built
        transaction.set_rollback(True)


# --- Checking one cell ------------------------------------------------------------------

LOGIN_NAMES = {"account_login", "account_request_login_code", "admin:login"}


def outcome(response) -> str:
    status = response.status_code
    if 300 <= status < 400:
        match = resolve(response["Location"].split("#")[0].split("?")[0])
        if match.view_name in LOGIN_NAMES:
            return LOGIN
        return REDIRECT
    return OK if 200 <= status < 300 else str(status)


def fingerprint() -> dict:
    """Every row of the events and signing tables, but the audit log's record
    of refusals and page views (a refusal is written down on purpose)."""
    state = {}
    for model in [
        *apps.get_app_config("events").get_models(),
        *apps.get_app_config("signing").get_models(),
    ]:
        rows = model.objects.order_by("pk")
        if model._meta.label == "signing.AuditEvent":
            rows = rows.exclude(kind__in=[AuditKind.REFUSED, AuditKind.VIEWED])
        values = list(rows.values())
        if model._meta.label == "signing.Ceremony":
            for row in values:
                row.pop("audit_count"), row.pop("audit_head")
        state[model._meta.label] = values
    return state


def _send(world, role, method, name, row, *, refused: bool):
    url = reverse(name, kwargs=row.kwargs(world)) + row.query(world)
    client = world.clients[role]
    cookies = copy.deepcopy(client.cookies)  # pairing pages log the browser out
    with transaction.atomic():
        if method == "get":
            response = client.get(url)
        elif row.json:
            response = client.post(
                url, json.dumps(row.data(world)), content_type="application/json"
            )
        else:
            response = client.post(url, row.data(world))
        after = fingerprint() if refused else None
        transaction.set_rollback(True)
    client.cookies = cookies
    return url, response, after


def check(world, name: str, method: str) -> list[str]:
    row = MATRIX[name]
    problems = []
    for role in ROLES:
        expected = getattr(row, method)[role]
        refused = method == "post" and expected != ALLOWED
        url, response, after = _send(world, role, method, name, row, refused=refused)
        got = outcome(response)
        where = f"{method.upper()} {url} as {role}"
        if expected == ALLOWED:
            if got in REFUSALS:
                problems.append(f"{where}: expected not refused, got {got}")
        elif got != expected:
            problems.append(f"{where}: expected {expected}, got {got}")
        if refused and after != world.state:
            changed = [label for label in after if world.state[label] != after[label]]
            problems.append(f"{where}: refused ({got}) but changed {changed}")
        body = b"" if response.streaming else response.content
        hidden = world.hidden_titles(role) - ({TITLE} if row.bearer else set())
        leaked = [t for t in hidden if t.encode() in body]
        if leaked:
            problems.append(f"{where}: shows {leaked}, a conference this role may not see")
    return problems


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_url_answers_each_role_as_the_matrix_says(world, name):
    problems = check(world, name, "get") + check(world, name, "post")

    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_made_up_entrance_code_does_not_name_a_private_conference(world):
    """The self check-in landing answers any slug with any token; only who
    may see the conference learns its title there."""
    url = reverse(
        "events:self_checkin", kwargs={"slug": world.conference.slug, "token": "1.2.made-up"}
    )
    seen = {
        role: world.clients[role].get(url) for role in ("anonymous", "other_organizer", "delegate")
    }

    assert {role: r.status_code for role, r in seen.items()} == dict.fromkeys(seen, 400)
    assert [role for role, r in seen.items() if TITLE.encode() in r.content] == ["delegate"]
