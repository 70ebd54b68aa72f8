"""Sending mail in batches: start a mailing, run it (in the worker), retry
the failures.

``mailing_start`` writes the mailing and one delivery per recipient in one
transaction with the task that sends it (the database task backend queues
in the same database), so either all of it is queued or nothing is. The
worker (``manage.py db_worker``) runs ``mailing_run``: one SMTP connection,
one message per recipient, each outcome written as soon as it is known.
"""

from __future__ import annotations

import logging
import smtplib
import time

from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError, error_code
from events.mail import KINDS, kind_get
from events.models import Conference, Delivery, DeliveryStatus, Mailing, MailingStatus
from events.services.activity import activity_record

logger = logging.getLogger(__name__)
ACTIVE = (MailingStatus.QUEUED, MailingStatus.RUNNING)


def _enqueue(mailing: Mailing) -> None:
    from events.tasks import mailing_send

    mailing_send.enqueue(mailing_id=mailing.pk)


def mailing_start(
    *,
    conference: Conference,
    kind: str,
    key: str,
    target_id: int | None = None,
    meta=None,
) -> Mailing:
    """Queue a mailing of ``kind``. The same ``key`` (the form's one-time
    key) twice returns the first mailing: a double click sends once."""
    mail_kind = kind_get(kind)
    key = (key or "").strip()
    if not key or len(key) > 64:
        raise DomainError(_("The form has expired; please reload the page."), "invalid_key")
    existing = Mailing.objects.filter(conference=conference, key=key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            busy = conference.mailings.filter(kind=kind, target_id=target_id, status__in=ACTIVE)
            if busy.exists():
                raise DomainError(
                    _("This mailing is already being sent; wait for it to finish."),
                    "already_sending",
                )
            mail_kind.check(conference, target_id)
            mailing = Mailing.objects.create(
                conference=conference,
                kind=kind,
                target_id=target_id,
                key=key,
                created_by=getattr(meta, "user", None) or None,
            )
            deliveries = [
                Delivery(
                    mailing=mailing,
                    email=recipient.email,
                    name=recipient.name[:255],
                    registration_id=recipient.registration_id,
                    unit_id=recipient.unit_id,
                    status=DeliveryStatus.SKIPPED if recipient.skip else DeliveryStatus.PENDING,
                    reason_code=recipient.skip,
                )
                for recipient in mail_kind.recipients(conference, target_id)
            ]
            Delivery.objects.bulk_create(deliveries, batch_size=500)
            activity_record(
                conference=conference,
                action="mailing.started",
                obj=mailing,
                label=f"{kind} #{mailing.pk}",
                data={"kind": kind, "target": target_id, "recipients": len(deliveries)},
                meta=meta,
            )
            _enqueue(mailing)
    except IntegrityError:
        # The same key submitted twice at once: the other request won.
        existing = Mailing.objects.filter(conference=conference, key=key).first()
        if existing is None:
            raise
        return existing
    return mailing


def mailing_retry(*, mailing: Mailing, meta=None) -> int:
    """Queue the failed deliveries again (only those). Refused while the
    mailing is still sending, so a double click retries once."""
    with transaction.atomic():
        mailing = Mailing.objects.select_for_update().get(pk=mailing.pk)
        if mailing.status != MailingStatus.DONE:
            raise DomainError(
                _("This mailing is still being sent; wait for it to finish."), "still_sending"
            )
        failed = list(
            mailing.deliveries.filter(status=DeliveryStatus.FAILED).select_related("registration")
        )
        if not failed:
            raise DomainError(_("No delivery failed; nothing to send again."), "nothing_to_retry")
        for delivery in failed:
            # An address corrected on the registration since is used now.
            if delivery.registration is not None and delivery.registration.email:
                delivery.email = delivery.registration.email
            delivery.status = DeliveryStatus.PENDING
        Delivery.objects.bulk_update(failed, ["email", "status"])
        mailing.status = MailingStatus.QUEUED
        mailing.finished_at = None
        mailing.save(update_fields=["status", "finished_at"])
        activity_record(
            conference=mailing.conference,
            action="mailing.retried",
            obj=mailing,
            label=f"{mailing.kind} #{mailing.pk}",
            data={"kind": mailing.kind, "recipients": len(failed)},
            meta=meta,
        )
        _enqueue(mailing)
    return len(failed)


# --- The worker's part -------------------------------------------------------------


def _smtp_reason(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        parts = []
        for code, text in error.recipients.values():
            text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
            parts.append(f"{code} {text}")
        return "; ".join(parts)
    if isinstance(error, smtplib.SMTPResponseException):
        text = error.smtp_error
        text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
        return f"{error.smtp_code} {text}"
    return str(error) or error.__class__.__name__


def _send_one(kind, delivery: Delivery, connection) -> tuple[str, str, str]:
    """(status, reason code, reason) of sending one delivery."""
    try:
        validate_email(delivery.email)
    except ValidationError:
        return DeliveryStatus.FAILED, "invalid_email", _("Not a valid email address")
    try:
        message = kind.message(delivery)
    except DomainError as error:
        return DeliveryStatus.FAILED, error_code(error), " ".join(error.messages)
    except Exception:  # a bug in one message must not stop the others
        logger.exception("Could not build delivery %s", delivery.pk)
        return DeliveryStatus.FAILED, "build_failed", _("The message could not be built")
    message.connection = connection
    try:
        sent = connection.send_messages([message])
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as e:
        return DeliveryStatus.FAILED, "refused", _smtp_reason(e)[:500]
    except (smtplib.SMTPException, OSError) as error:
        # The server went away: close, so the next message reconnects.
        connection.close()
        return DeliveryStatus.FAILED, "server_error", _smtp_reason(error)[:500]
    if not sent:
        return DeliveryStatus.FAILED, "refused", _("The mail server did not accept it")
    return DeliveryStatus.SENT, "", ""


# Outcomes are written in small batches: one UPDATE per message cost as much
# as rendering it. At most this many (or this many seconds' worth) are known
# to the worker and not yet to the send log.
FLUSH_EVERY = 20
FLUSH_SECONDS = 0.5


def _flush(outcomes: list[tuple[int, str, str, str]]) -> None:
    """Write (delivery id, status, code, reason) outcomes: one UPDATE per
    distinct outcome (Django's bulk_update compiles a CASE per row and cost
    more than the single UPDATEs it replaces)."""
    groups: dict[tuple[str, str, str], list[int]] = {}
    for pk, *outcome in outcomes:
        groups.setdefault(tuple(outcome), []).append(pk)
    now = timezone.now()
    for (status, code, reason), ids in groups.items():
        Delivery.objects.filter(pk__in=ids).update(
            status=status,
            reason_code=code,
            reason=reason,
            attempts=F("attempts") + 1,
            sent_at=now if status == DeliveryStatus.SENT else None,
        )
    outcomes.clear()


def mailing_run(*, mailing_id: int) -> dict:
    """Send the pending deliveries of a queued mailing. A mailing another
    worker is already running (or that is finished) is left alone."""
    claimed = Mailing.objects.filter(pk=mailing_id, status=MailingStatus.QUEUED).update(
        status=MailingStatus.RUNNING, started_at=timezone.now(), runs=F("runs") + 1
    )
    if not claimed:
        return {"mailing": mailing_id, "claimed": False}
    mailing = Mailing.objects.select_related("conference").get(pk=mailing_id)
    kind = KINDS.get(mailing.kind)
    pending = list(
        mailing.deliveries.filter(status=DeliveryStatus.PENDING).select_related(
            "registration__role", "registration__unit", "unit"
        )
    )
    counts = {DeliveryStatus.SENT: 0, DeliveryStatus.FAILED: 0}
    outcomes: list[tuple[int, str, str, str]] = []
    flushed_at = time.monotonic()
    connection = get_connection(fail_silently=False)
    try:
        for delivery in pending:
            delivery.mailing = mailing
            if kind is None:
                outcome = (DeliveryStatus.FAILED, "unknown_kind", _("Unknown kind of mailing"))
            else:
                outcome = _send_one(kind, delivery, connection)
            status, code, reason = outcome
            counts[status] += 1
            outcomes.append((delivery.pk, str(status), code, str(reason)))
            if len(outcomes) >= FLUSH_EVERY or time.monotonic() - flushed_at > FLUSH_SECONDS:
                _flush(outcomes)
                flushed_at = time.monotonic()
    finally:
        connection.close()
        _flush(outcomes)
        Mailing.objects.filter(pk=mailing_id).update(
            status=MailingStatus.DONE, finished_at=timezone.now()
        )
    return {"mailing": mailing_id, "sent": counts["sent"], "failed": counts["failed"]}
