"""The counting record of a closed round (biên bản kiểm phiếu): the PDF as
it stands, its seal with the organisation's key (``seal_store``, as the
covenant and the minutes), and the check of an uploaded copy.

The record states the poll's facts (``events.selectors.counting``); they are
read before rendering and again, under the poll's row lock, before the
sealed file is stored: a paper count entered or a committee changed
meanwhile refuses the seal (``changed_while_sealing``).
"""

from __future__ import annotations

import secrets

from django.db import IntegrityError
from django.utils.translation import gettext as _
from django.utils.translation import override

from events.models import CountingRecord, Poll
from events.selectors.counting import counting_facts, counting_record_of
from events.services.activity import activity_record
from signing.audit import SYSTEM, RequestMeta
from signing.counting_document import counting_context, counting_sealed_record
from signing.errors import SigningError
from signing.models import PublicVerification
from signing.services.seal_store import SealedPdf, changed_while_sealing, seal_and_store
from signing.services.verify import VerifyResult, ip_prefix, sealed_copy_verify

LANGUAGE = "vi"


def _check(facts: dict, *, sealing: bool) -> None:
    if not facts["closed"]:
        raise SigningError(
            _("The counting record is made once the vote is closed."), code="poll_not_closed"
        )
    if not sealing:
        return
    if not any(m["head"] for m in facts["committee"]):
        raise SigningError(
            _("Name the head of the counting committee before sealing."),
            code="committee_no_head",
        )
    candidates = set(facts["candidate_units"])
    sitting = [m["name"] for m in facts["committee"] if m["unit_id"] in candidates]
    if sitting:
        raise SigningError(
            _("%(names)s cannot count this vote: their unit is on the ballot.")
            % {"names": "; ".join(sitting)},
            code="committee_candidate",
        )


def _render(facts: dict, *, number: str, public_id: str, base_url: str) -> tuple[bytes, dict]:
    from signing import pdf

    with override(LANGUAGE):
        context, images = counting_context(
            facts=facts, number=number, public_id=public_id, base_url=base_url
        )
        return pdf.counting_record_pdf(context, images), context


def counting_pdf_bytes(*, poll: Poll, base_url: str = "") -> bytes:
    """The sealed PDF when there is one, else a draft of the record as it
    stands (marked as such, no identifier)."""
    record = counting_record_of(poll)
    if record is not None:
        with record.pdf.open("rb") as handle:
            return handle.read()
    facts = counting_facts(poll)
    _check(facts, sealing=False)
    data, _context = _render(facts, number="", public_id="", base_url=base_url)
    return data


def counting_context_for(*, poll: Poll) -> dict:
    """The words of the record (for the DOCX): as sealed when sealed."""
    facts = counting_facts(poll)
    _check(facts, sealing=False)
    record = counting_record_of(poll)
    with override(LANGUAGE):
        context, _images = counting_context(
            facts=record.sealed_record["facts"] if record else facts,
            number=record.number if record else "",
            public_id=record.public_id if record else "",
        )
    return context


def counting_record_seal(
    *, poll: Poll, number: str = "", meta: RequestMeta = SYSTEM, base_url: str = ""
) -> CountingRecord:
    """Render, seal (PAdES) and store the record; call it outside a transaction."""
    if counting_record_of(poll) is not None:
        raise SigningError(_("This counting record is already sealed."), code="already_sealed")
    number = " ".join(number.split())[:40]
    facts = counting_facts(poll)
    _check(facts, sealing=True)
    public_id = secrets.token_urlsafe(32)
    unsealed, context = _render(facts, number=number, public_id=public_id, base_url=base_url)
    record = counting_sealed_record(context, facts)
    record["facts"] = facts

    def lock() -> Poll:
        return Poll.objects.select_for_update().get(pk=poll.pk)

    def recheck(locked: Poll) -> None:
        if counting_record_of(locked) is not None:
            raise SigningError(_("This counting record is already sealed."), code="already_sealed")
        if counting_facts(locked) != facts:
            raise changed_while_sealing()

    def store(locked: Poll, sealed: SealedPdf) -> CountingRecord:
        row = CountingRecord(
            poll=locked,
            number=number,
            public_id=public_id,
            pdf_sha256=sealed.sha256,
            sealed_at=sealed.at,
            sealed_by=meta.user,
            sealed_record={
                **record,
                "certificate": sealed.certificate,
                "sealed_at": sealed.at.isoformat(),
            },
        )
        sealed.save_into(row.pdf, f"{public_id}.pdf")
        try:
            row.save()
        except IntegrityError as error:  # another seal of this round won the race
            raise SigningError(
                _("This counting record is already sealed."), code="already_sealed"
            ) from error
        activity_record(
            conference=locked.decision.conference,
            action="counting.sealed",
            obj=locked.decision,
            data={"round": locked.round, "pdf_sha256": sealed.sha256},
            meta=meta,
        )
        return row

    return seal_and_store(
        unsealed=unsealed,
        reason="Biên bản kiểm phiếu",
        location=facts["venue"],
        lock=lock,
        recheck=recheck,
        store=store,
    )


def counting_pdf_verify(
    *, record: CountingRecord, data: bytes, meta: RequestMeta = SYSTEM
) -> VerifyResult:
    """Is this upload the sealed counting record (or an untouched copy)?"""

    def log(result: str, **fields) -> None:
        PublicVerification.objects.create(
            counting_record=record, result=result, ip_prefix=ip_prefix(meta.ip), **fields
        )

    return sealed_copy_verify(
        data=data,
        public_id=record.public_id,
        pdf_sha256=record.pdf_sha256,
        not_sealed=None,
        log=log,
    )
