"""Public verification of a sealed document — the covenant, the minutes or
a vote's counting record: /verify/<unguessable id>/ (each document has its
own id), one page and one template for all three.

What the page shows comes from the record frozen at sealing
(``sealed_record``), not from rows that can be edited afterwards; a check
posted here is logged (``PublicVerification``) apart from any audit chain,
and the page is rate limited per client address.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit

from events.models import CountingRecord
from events.tally import Outcome
from signing import selectors, services
from signing.audit import RequestMeta
from signing.errors import SigningError
from signing.forms import VerifyForm
from signing.models import CeremonyState, Minutes, MinutesRole, MinutesState
from signing.services.counting_seal import counting_pdf_verify
from signing.services.minutes_seal import minutes_pdf_verify


@dataclass
class Shown:
    """One sealed (or not yet sealed) document as the verify page shows it."""

    kind: str
    public_id: str
    sealed: bool
    record: dict
    file: object
    page_title: str
    heading: str
    subtitle: str
    not_sealed: str
    check: object  # (data, meta) -> VerifyResult
    filename: str
    facts: list[dict] = field(default_factory=list)
    explanation: str = ""
    valid_message: str = ""
    other_message: str = ""
    people_heading: str = ""
    people: list[dict] = field(default_factory=list)
    lines: list[dict] = field(default_factory=list)


def _fact(label, value, *, code=False, testid="", note=""):
    return {"label": label, "value": value, "code": code, "testid": testid, "note": note}


def _when(moment) -> str:
    return date_format(timezone.localtime(moment), "d/m/Y H:i") if moment else ""


def _covenant(ceremony) -> Shown:
    sealed = ceremony.state == CeremonyState.SEALED
    record = ceremony.sealed_record if sealed else {}
    covenant = ceremony.covenant
    people = [
        {
            "head": s["unit"],
            "name": s["name"],
            "detail": " · ".join(p for p in (s["authority"], s["title"]) if p),
            "when": (_("Signed at") + " " + s["signed_at_display"])
            if s["signed"]
            else _("not signed"),
            "hash": s["image_sha256"],
        }
        for s in record.get("signatories", [])
    ]
    return Shown(
        kind="covenant",
        public_id=ceremony.public_id,
        sealed=sealed,
        record=record,
        file=ceremony.pdf,
        page_title=_("Verify a covenant") + " · " + (record.get("title") or covenant.title),
        heading=record.get("title") or covenant.title,
        subtitle=record.get("subtitle", ""),
        not_sealed=_("This covenant has not been sealed yet."),
        check=lambda data, meta: services.pdf_verify(ceremony=ceremony, data=data, meta=meta),
        filename=f"giao-uoc-{ceremony.public_id[:8]}.pdf",
        facts=[
            _fact(_("Conference"), record.get("conference", "")),
            _fact(_("State"), ceremony.get_state_display()),
            _fact(_("Sealed at"), _when(ceremony.sealed_at)),
            _fact(_("Document identifier"), record.get("public_id", ""), code=True),
            _fact(_("Text SHA-256"), record.get("text_sha256", ""), code=True),
            _fact(_("PDF SHA-256"), ceremony.pdf_sha256, code=True, testid="pdf-hash"),
            _fact(
                _("Audit chain head at sealing"),
                record.get("audit_head", ""),
                code=True,
                note=_("%(count)s events") % {"count": record.get("audit_count", "")},
            ),
        ],
        explanation=_(
            "A copy is this covenant when its seal validates against the organization's "
            "certificate (current or earlier), nothing was added after sealing, and the "
            "document identifier inside it is the one above."
        ),
        valid_message=_(
            "This is the sealed covenant of this ceremony: the PAdES signature is valid "
            "(signed by %(signer)s)."
        ),
        other_message=_(
            "This PDF carries a valid seal of ours, but it is the document of another "
            "covenant, not of this one."
        ),
        people_heading=_("Signatories"),
        people=people,
    )


def _minutes(minutes: Minutes) -> Shown:
    sealed = minutes.state == MinutesState.SEALED
    record = minutes.sealed_record if sealed else {}
    roles = dict(MinutesRole.choices)
    return Shown(
        kind="minutes",
        public_id=minutes.public_id,
        sealed=sealed,
        record=record,
        file=minutes.pdf,
        page_title=_("Verify the minutes") + " · " + " ".join(minutes.conference.title.split()[:8]),
        heading=record.get("title") or _("MINUTES"),
        subtitle=record.get("conference", ""),
        not_sealed=_("These minutes have not been sealed yet."),
        check=lambda data, meta: minutes_pdf_verify(minutes=minutes, data=data, meta=meta),
        filename=f"bien-ban-{minutes.public_id[:8]}.pdf",
        facts=[
            # The record keeps the line as printed ("Số: 01/BB-…"); the page labels it.
            _fact(_("Number"), record.get("number_line", "").removeprefix("Số: "), testid="number"),
            _fact(_("Sealed at"), _when(minutes.sealed_at)),
            _fact(_("Document identifier"), record.get("public_id", ""), code=True),
            _fact(_("Text SHA-256"), record.get("text_sha256", ""), code=True),
            _fact(_("PDF SHA-256"), minutes.pdf_sha256, code=True, testid="pdf-hash"),
        ],
        valid_message=_(
            "These are the sealed minutes: the PAdES signature is valid (signed by %(signer)s)."
        ),
        other_message=_(
            "This PDF carries a valid seal of ours, but it is another document, not these minutes."
        ),
        people_heading=_("Signatures"),
        people=[
            {
                "head": roles.get(s["role"], ""),
                "name": s["name"],
                "detail": s["title"],
                "hash": s["image_sha256"],
            }
            for s in record.get("signers", [])
        ],
    )


def _counting(row: CountingRecord) -> Shown:
    record = row.sealed_record
    roles = {"head": _("Head of the counting committee"), "chair": _("Chair")}
    closed = parse_datetime(record.get("closed_at") or "")
    counts = record.get("counts", {})
    return Shown(
        kind="counting",
        public_id=row.public_id,
        sealed=True,
        record=record,
        file=row.pdf,
        page_title=_("Verify a counting record") + " · " + record.get("subtitle", ""),
        heading=record.get("title", ""),
        subtitle=record.get("subtitle", ""),
        not_sealed="",
        check=lambda data, meta: counting_pdf_verify(record=row, data=data, meta=meta),
        filename=f"bien-ban-kiem-phieu-{row.public_id[:8]}.pdf",
        facts=[
            _fact(_("Conference"), record.get("conference", "")),
            _fact(_("Number"), record.get("number_line", "").removeprefix("Số: "), testid="number"),
            _fact(_("Vote closed at"), _when(closed)),
            _fact(
                _("Ballots"),
                _(
                    "issued %(issued)s, collected %(collected)s, "
                    "valid %(valid)s, invalid %(invalid)s"
                )
                % {k: counts.get(k, "") for k in ("issued", "collected", "valid", "invalid")},
            ),
            _fact(_("Rule"), record.get("rule", "")),
            _fact(_("Sealed at"), _when(row.sealed_at)),
            _fact(_("Document identifier"), row.public_id, code=True),
            _fact(_("PDF SHA-256"), row.pdf_sha256, code=True, testid="pdf-hash"),
        ],
        explanation=_(
            "A copy is this counting record when its seal validates against the "
            "organization's certificate, nothing was added after sealing, and the document "
            "identifier inside it is the one above."
        ),
        valid_message=_(
            "This is the sealed counting record of this vote: the PAdES signature is valid "
            "(signed by %(signer)s)."
        ),
        other_message=_(
            "This PDF carries a valid seal of ours, but it is another document, not this "
            "counting record."
        ),
        people_heading=_("Signatures"),
        people=[
            {"head": roles.get(s["role"], ""), "name": s["name"], "detail": s["title"]}
            for s in record.get("signers", [])
        ],
        lines=[{**line, "outcome": Outcome.label_of(line["outcome"])} for line in record["lines"]],
    )


def _shown(public_id: str) -> Shown:
    if not public_id:
        raise Http404
    minutes = Minutes.objects.select_related("conference").filter(public_id=public_id).first()
    if minutes is not None:
        return _minutes(minutes)
    counting = CountingRecord.objects.filter(public_id=public_id).first()
    if counting is not None:
        return _counting(counting)
    ceremony = selectors.ceremony_by_public_id(public_id=public_id)
    if ceremony is None or ceremony.state == CeremonyState.CANCELLED:
        raise Http404
    return _covenant(ceremony)


@ratelimit(group="verify", key="ip", rate="core.http.public_rate")
def verify(request, public_id):
    shown = _shown(public_id)
    form = VerifyForm(request.POST or None, request.FILES or None)
    result, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            try:
                result = shown.check(
                    form.cleaned_data["file"].read(services.verify.MAX_UPLOAD + 1),
                    RequestMeta.from_request(request),
                )
            except SigningError as error:
                for message in error.messages:
                    messages.error(request, message)
                status = 400
        else:
            status = 400
    verdict = ""
    if result is not None:
        if result.valid:
            verdict = shown.valid_message % {"signer": result.seal.signer}
        elif result.other_ceremony:
            verdict = shown.other_message
        else:
            verdict = _("The PAdES signature does not validate.")
    return render(
        request,
        "signing/verify.html",
        {"doc": shown, "form": form, "result": result, "verdict": verdict},
        status=status,
    )


@ratelimit(group="verify", key="ip", rate="core.http.public_rate")
def verify_pdf(request, public_id):
    shown = _shown(public_id)
    if not shown.sealed:
        raise Http404
    return FileResponse(shown.file.open("rb"), as_attachment=True, filename=shown.filename)
