"""What the projector hears: the grid's state after each committed change."""

from __future__ import annotations

from django.utils import timezone

from core.realtime import broadcast_on_commit, conference_group

TOPIC = "signing"


def ceremony_group(conference_id: int) -> str:
    return conference_group(conference_id, TOPIC)


def grid_payload(ceremony) -> dict:
    from signing.selectors import signatory_list

    signatories = signatory_list(ceremony=ceremony)
    kiosk = (
        ceremony.kiosk_sessions.filter(closed_at__isnull=True, expires_at__gt=timezone.now())
        .order_by("-unlocked_at")
        .first()
    )
    return {
        "state": ceremony.state,
        "kiosk": kiosk.signatory_id if kiosk else None,
        "signed": sum(1 for s in signatories if s.has_signed),
        "total": len(signatories),
        "cells": [
            {
                "id": s.pk,
                "signed": s.has_signed,
                "name": s.full_name,
                "signed_at": s.signed_at.isoformat() if s.signed_at else None,
                "image_sha256": s.signature_sha256,
            }
            for s in signatories
        ],
    }


def broadcast_grid(ceremony) -> None:
    """After commit, every screen watching this ceremony redraws its grid.

    Called at the end of a service, so the payload is the state being committed.
    """
    broadcast_on_commit(
        ceremony_group(ceremony.covenant.conference_id),
        {"type": "grid.update", "payload": grid_payload(ceremony)},
    )
