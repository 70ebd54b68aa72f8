"""Reads for mailings: the list, one mailing's progress and send log."""

from __future__ import annotations

from django.db.models import Count

from events.models import Conference, Delivery, DeliveryStatus, Mailing


def mailings_for(*, conference: Conference, limit: int = 50) -> list[Mailing]:
    """The conference's latest mailings, each with ``counts`` (by status)."""
    mailings = list(conference.mailings.select_related("created_by")[:limit])
    rows = (
        Delivery.objects.filter(mailing__in=mailings)
        .values("mailing_id", "status")
        .annotate(n=Count("pk"))
    )
    by_mailing: dict[int, dict] = {}
    for row in rows:
        by_mailing.setdefault(row["mailing_id"], {})[row["status"]] = row["n"]
    for mailing in mailings:
        mailing.counts = _counts(by_mailing.get(mailing.pk, {}))
    return mailings


def _counts(raw: dict) -> dict:
    counts = {status.value: raw.get(status.value, 0) for status in DeliveryStatus}
    counts["total"] = sum(counts.values())
    counts["done"] = counts["total"] - counts[DeliveryStatus.PENDING]
    counts["percent"] = round(100 * counts["done"] / counts["total"]) if counts["total"] else 100
    return counts


def mailing_progress(*, mailing: Mailing) -> dict:
    """Counts by status, with ``total``, ``done`` and ``percent``: the
    progress bar's numbers (one query)."""
    raw = dict(mailing.deliveries.values_list("status").annotate(n=Count("pk")).order_by())
    return {"status": mailing.status, **_counts(raw)}


def latest_pass_deliveries(*, conference: Conference, registration_ids) -> dict[int, Delivery]:
    """Per registration, the last delivery of its pass (sent, failed,
    waiting): what the liaison's list shows beside each delegate."""
    latest: dict[int, Delivery] = {}
    for delivery in Delivery.objects.filter(
        mailing__conference=conference,
        mailing__kind="pass",
        registration_id__in=list(registration_ids),
    ).order_by("pk"):
        latest[delivery.registration_id] = delivery
    return latest


def mailing_deliveries(*, mailing: Mailing):
    """The send log: failed first (what needs attention), then in order."""
    return sorted(
        mailing.deliveries.all(),
        key=lambda d: (d.status != DeliveryStatus.FAILED, d.pk),
    )
