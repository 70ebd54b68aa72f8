"""Recording what organizers do: one row per action, written by the service
that does it, inside its transaction (a rolled-back action leaves no row).

Views build an ``ActivityMeta`` from the request (who, from where) and pass
it to the service, as signing's views pass ``signing.audit.RequestMeta``;
any object with ``user`` and ``ip`` attributes will do.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from django.db import models

from core.http import client_ip
from events.models import ActivityLog, Conference


@dataclass(frozen=True)
class ActivityMeta:
    """Who did it, from where: taken from the request by the view."""

    user: object = None
    ip: str = ""

    @classmethod
    def from_request(cls, request) -> ActivityMeta:
        user = request.user if request.user.is_authenticated else None
        return cls(user=user, ip=client_ip(request))


SYSTEM = ActivityMeta()


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def activity_record(
    *,
    conference: Conference,
    actor=None,
    action: str,
    obj: models.Model | None = None,
    data: dict | None = None,
    meta=None,
    label: str | None = None,
) -> ActivityLog:
    """Log ``action`` (a stable code from ``ACTION_LABELS``) on ``obj``.

    ``actor`` None means the user of ``meta``; both None means the system
    (a management command, the demo). ``data`` is plain JSON: counts,
    old and new values — never translated text. ``label`` replaces
    ``str(obj)`` as the object's snapshot when that would be translated.
    """
    if actor is None and meta is not None:
        actor = getattr(meta, "user", None)
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    entry = ActivityLog(
        conference=conference,
        actor=actor,
        actor_email=getattr(actor, "email", "") or "",
        action=action,
        data=data or {},
        ip=_valid_ip(getattr(meta, "ip", "") or ""),
    )
    if obj is not None:
        entry.object_type = obj._meta.model_name
        entry.object_id = obj.pk
        entry.object_label = (str(obj) if label is None else label)[:200]
    entry.save(force_insert=True)
    return entry
