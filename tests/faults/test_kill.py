"""A killed server loses nothing it acknowledged (issue #10, item 18).

A real uvicorn process on its own database (SQLite, or PostgreSQL in the CI
pass that sets DATABASE_URL) takes scans from four scanner phones, "start
next" taps from the chair and signatures from signatories' phones, all at
once. Mid-load it is killed with SIGKILL (no graceful shutdown, the SQLite
WAL left as it was), started again, and then:

- every scan answered ``ok`` is a check-in, and scanning it again says
  "already checked in";
- every signature answered with the thank-you redirect is stored, with its
  audit event, and the audit chain verifies;
- every chair action answered ``ok`` is in the agenda, whose version counts
  exactly the items started (no change half-written);
- nothing else is half-written: no check-in twice, no signature without its
  event or its link used up, the ceremony still open.
"""

import base64
import http.client
import json
import os
import secrets
import signal
import threading
import time
import urllib.parse

import pytest

from tests.servers import database, run_script, start_server, stop, tempdir
from tests.signing.conftest import signature_png

pytestmark = pytest.mark.faults

SLUG = "faults"
SCANNERS = 4
CODES = 1500
SIGNERS = 30
ITEMS = 120
KILL_AFTER_ACKS = 3  # per kind of request, then SIGKILL

SEED = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from events.models import Registration, RegistrationStatus, StaffRole, User
from events.names import fold, person_collation_key
from events.selectors.agenda import agenda_version
from events.services.checkin_setup import device_issue_token
from events.services.registrations import new_pass_code
from signing.services import ceremony_open, ceremony_setup, covenant_update, link_issue
from tests.factories import (
    AgendaItemFactory, ClusterFactory, ClusterTermFactory, ConferenceFactory,
    MembershipFactory, MemberUnitFactory, RegistrationFactory,
)
from tests.signing.conftest import BODY

codes, signers, items = (int(a) for a in sys.argv[1:4])
GIVEN = "An Bình Chi Dũng Giang Hà Hải Hạnh Hiền Hòa Hùng Hương Khang Lan Linh Long Mai Minh Nam " \
    "Nga Ngọc Phong Phúc Quân Sơn Tâm Thảo Thành Trang Tuấn Việt Yến".split()


def session_for(user):
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


cluster = ClusterFactory()
units = [MemberUnitFactory(cluster=cluster) for _ in range(signers)]
term = ClusterTermFactory(cluster=cluster, chair=units[0], deputy=units[1], members=units)
conference = ConferenceFactory(term=term, slug="faults", is_public=True)
for n, unit in enumerate(units):
    RegistrationFactory(
        conference=conference, full_name="Nguyễn Văn " + GIVEN[n], title="Giám đốc",
        role_code="director", unit=unit, email=f"ky{n}@faults.example",
    )
role = conference.roles.get(code="specialist")
now = timezone.now()
people = []
for n in range(codes):
    given = f"Người {n}"
    people.append(Registration(
        conference=conference, family_name="Trần", middle_name="Văn", given_name=given,
        unit=units[n % len(units)], role=role, status=RegistrationStatus.APPROVED,
        code=new_pass_code(), code_issued_at=now,
        sort_key=person_collation_key(family="Trần", middle="Văn", given=given)[:255],
        search_key=fold(f"Trần Văn {given}")))
Registration.objects.bulk_create(people, batch_size=500)
tokens = [device_issue_token(conference=conference, name=f"Cổng {i + 1}")[1] for i in range(4)]
for n in range(items):
    AgendaItemFactory(conference=conference, title=f"Mục {n + 1}", duration_minutes=5)
chair = MembershipFactory(conference=conference, role=StaffRole.CHAIR).user
ceremony = ceremony_setup(conference=conference)
covenant_update(ceremony=ceremony, body=BODY, preamble="Các đơn vị thống nhất giao ước.")
ceremony = ceremony_open(ceremony=ceremony)
out = []
for signatory in ceremony.signatories.order_by("position"):
    url = link_issue(signatory=signatory)
    user = User.objects.get(email__iexact=signatory.email)
    out.append({"id": signatory.pk, "token": url.rstrip("/").rsplit("/", 1)[1],
                "session": session_for(user)})
print(json.dumps({
    "codes": [p.code for p in people], "tokens": tokens, "chair": session_for(chair),
    "signers": out, "text_sha256": ceremony.text_sha256,
    "version": agenda_version(conference=conference),
}))
"""

CHECK = """
import json
from collections import Counter
from events.models import AgendaItem, Checkin, Conference
from events.selectors.agenda import agenda_version
from signing.audit import audit_verify
from signing.models import AuditEvent, AuditKind, Ceremony, SigningLink

conference = Conference.objects.get(slug="faults")
checkins = list(Checkin.objects.filter(annulled_at__isnull=True).values_list(
    "registration__code", "registration__conference_id", "registration__status",
    "checkin_list__conference_id"))
ceremony = Ceremony.objects.get(covenant__conference=conference)
signed = list(ceremony.signatories.filter(signed_at__isnull=False).values_list(
    "pk", "signature_sha256", "signature_png"))
events = list(AuditEvent.objects.filter(ceremony=ceremony, kind=AuditKind.SIGNED).values_list(
    "signatory_id", "image_sha256"))
used = list(SigningLink.objects.filter(
    signatory__ceremony=ceremony, used_at__isnull=False).values_list("signatory_id", flat=True))
chain = audit_verify(ceremony=ceremony)
items = list(AgendaItem.objects.filter(conference=conference).order_by("position").values_list(
    "pk", "status", "actual_start", "actual_end"))
print(json.dumps({
    "checked_in": [c[0] for c in checkins],
    "foreign_checkins": sum(1 for c in checkins if c[1] != conference.pk or c[3] != conference.pk
                            or c[2] != "approved"),
    "signed": {str(pk): [sha, bool(png)] for pk, sha, png in signed},
    "signed_events": [[pk, sha] for pk, sha in events],
    "links_used": used,
    "chain_ok": chain.ok, "chain_count": chain.count,
    "audit_count": Ceremony.objects.get(pk=ceremony.pk).audit_count,
    "ceremony_state": ceremony.state,
    "version": agenda_version(conference=conference),
    "items": [[pk, status, bool(start), bool(end)] for pk, status, start, end in items],
}))
"""

CSRF = "f" * 32  # an unmasked CSRF secret is a valid token for its own cookie


class Load:
    """The clients: each thread keeps one connection and records what the
    server acknowledged. A dead server ends every thread."""

    def __init__(self, port: int, seed: dict):
        self.port, self.seed = port, seed
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.scans: list[str] = []
        self.signatures: list[int] = []
        self.agenda: list[tuple[int, int]] = []  # (version, item started)
        self.sent = {"scan": 0, "sign": 0, "agenda": 0}
        self.refused: list[tuple] = []  # answers that were not acknowledgements
        png = base64.b64encode(signature_png()).decode()
        self.signature = "data:image/png;base64," + png

    def _post(self, conn, path, body: bytes, headers: dict):
        conn.request("POST", path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.getheader("Location", ""), response.read()

    def _run(self, kind: str, jobs, send) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        try:
            for job in jobs:
                if self.stop.is_set():
                    return
                with self.lock:
                    self.sent[kind] += 1
                try:
                    send(conn, job)
                except (OSError, http.client.HTTPException):
                    return  # the server is gone: what was not answered was not acknowledged
        finally:
            conn.close()

    def scanner(self, token: str, codes: list[str]) -> None:
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

        def send(conn, code):
            body = json.dumps({"code": code, "nonce": secrets.token_hex(8)}).encode()
            status, _location, data = self._post(conn, "/api/v1/checkin/", body, headers)
            if status == 200 and json.loads(data)["result"] == "ok":
                with self.lock:
                    self.scans.append(code)
            else:
                self.refused.append(("scan", status, data[:300]))

        self._run("scan", codes, send)

    def chair(self) -> None:
        headers = {
            "Cookie": f"sessionid={self.seed['chair']}; csrftoken={CSRF}",
            "X-CSRFToken": CSRF,
            "Accept": "application/json",
            "Content-Type": "application/x-www-form-urlencoded",
        }

        def send(conn, _n):
            path = f"/c/{SLUG}/agenda/console/start-next/"
            status, _location, data = self._post(conn, path, b"", headers)
            answer = json.loads(data) if status in (200, 409) else {}
            if status == 200 and answer.get("ok"):
                snapshot = answer["snapshot"]
                with self.lock:
                    self.agenda.append((snapshot["version"], snapshot["current"]))
            else:
                self.refused.append(("agenda", status, data[:300]))
            time.sleep(0.01)

        self._run("agenda", range(ITEMS), send)

    def signer(self, signers: list[dict]) -> None:
        def send(conn, signer):
            body = urllib.parse.urlencode(
                {
                    "signature": self.signature,
                    "text_sha256": self.seed["text_sha256"],
                    "consent": "on",
                }
            ).encode()
            headers = {
                "Cookie": f"sessionid={signer['session']}; csrftoken={CSRF}",
                "X-CSRFToken": CSRF,
                "Content-Type": "application/x-www-form-urlencoded",
            }
            status, location, data = self._post(conn, f"/sign/{signer['token']}/", body, headers)
            if status == 302 and location.endswith(f"/sign/done/{signer['id']}/"):
                with self.lock:
                    self.signatures.append(signer["id"])
            else:
                self.refused.append(("sign", status, location, data[:300]))

        self._run("sign", signers, send)

    def threads(self) -> list[threading.Thread]:
        codes, tokens, signers = self.seed["codes"], self.seed["tokens"], self.seed["signers"]
        targets = [(self.scanner, (tokens[i], codes[i::SCANNERS])) for i in range(SCANNERS)]
        targets += [
            (self.chair, ()),
            (self.signer, (signers[0::2],)),
            (self.signer, (signers[1::2],)),
        ]
        return [threading.Thread(target=t, args=a, daemon=True) for t, a in targets]

    def acked(self) -> tuple[int, int, int]:
        with self.lock:
            return len(self.scans), len(self.signatures), len(self.agenda)


def _scan(port: int, token: str, code: str) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        conn.request(
            "POST",
            "/api/v1/checkin/",
            body=json.dumps({"code": code, "nonce": secrets.token_hex(8)}),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        return json.loads(conn.getresponse().read())["result"]
    finally:
        conn.close()


def test_server_killed_mid_load_keeps_everything_it_acknowledged():
    with tempdir("hoinghi-kill-") as tmp, database(tmp, "kill") as db:
        seed = run_script(db, SEED, str(CODES), str(SIGNERS), str(ITEMS))
        server = start_server(db, tmp / "server.log", HTTP_THREADS="8")
        restarted = None
        try:
            load = Load(server.port, seed)
            threads = load.threads()
            for thread in threads:
                thread.start()
            deadline = time.monotonic() + 30
            while min(load.acked()) < KILL_AFTER_ACKS and time.monotonic() < deadline:
                time.sleep(0.01)
            acked_at_kill = load.acked()
            os.kill(server.process.pid, signal.SIGKILL)  # the server itself: one worker
            server.process.wait(timeout=10)
            for thread in threads:
                thread.join(timeout=30)
            assert not any(t.is_alive() for t in threads)
            assert min(acked_at_kill) >= KILL_AFTER_ACKS, (load.refused[:5], server.tail())
            restarted = start_server(db, tmp / "server.log", HTTP_THREADS="8")

            first_acked = load.scans[0]
            never_sent = seed["codes"][-1]
            again = _scan(restarted.port, seed["tokens"][0], first_acked)
            fresh = _scan(restarted.port, seed["tokens"][0], never_sent)
            state = run_script(db, CHECK)
        finally:
            stop(server.process)
            stop(restarted.process if restarted else None)

    # The kill came mid-load: every kind of request had been acknowledged
    # (checked above) and not all the work was done.
    assert len(load.scans) < CODES
    assert sum(load.sent.values()) > sum(load.acked())  # requests were in flight
    # The server came back and serves: it remembers the scans it confirmed.
    assert (again, fresh) == ("already_checked_in", "ok")

    checked = state["checked_in"]
    assert set(load.scans) <= set(checked)
    assert len(checked) == len(set(checked))  # nobody checked in twice
    assert state["foreign_checkins"] == 0
    assert set(checked) - set(load.scans) <= set(seed["codes"]) | {never_sent}

    signed = state["signed"]
    assert {int(pk) for pk in signed} >= set(load.signatures)
    assert sorted(state["signed_events"]) == sorted(
        [int(pk), sha] for pk, (sha, _) in signed.items()
    )
    assert all(has_png for _sha, has_png in signed.values())
    assert sorted(state["links_used"]) == sorted(int(pk) for pk in signed)
    assert (state["chain_ok"], state["chain_count"]) == (True, state["audit_count"])
    assert state["ceremony_state"] == "open"

    statuses = {pk: status for pk, status, _start, _end in state["items"]}
    started = [row for row in state["items"] if row[1] != "planned"]
    assert all(statuses[item] in ("running", "done") for _version, item in load.agenda)
    assert state["version"] >= max(version for version, _item in load.agenda)
    # Each start-next is one version and one more item started, or neither.
    assert state["version"] - seed["version"] == len(started)
    assert [row[1] for row in started] == ["done"] * (len(started) - 1) + ["running"]
    assert all(start for _pk, _status, start, _end in started)
    assert all(end for _pk, status, _start, end in started if status == "done")
