"""Everything the covenant PDF shows, gathered from the frozen text, the
signatories and the audit log (no WeasyPrint here)."""

from __future__ import annotations

import json
from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.nd30 import place_date
from signing.audit import GENESIS
from signing.markup import parse_body
from signing.models import Ceremony, ClusterRole, Signatory, SigningMode

PER_ROW = 3


def verify_url(public_id: str, base_url: str = "") -> str:
    """The public verify page of a sealed document (covenant, minutes,
    counting record), as printed under its QR code."""
    from django.conf import settings

    path = reverse("signing:verify", args=[public_id])
    return (base_url or settings.SITE_URL).rstrip("/") + path


def _cell(signatory: Signatory, images: dict[str, bytes]) -> dict:
    role = ""
    if signatory.cluster_role in (ClusterRole.CHAIR, ClusterRole.DEPUTY):
        role = str(ClusterRole(signatory.cluster_role).label).upper()
    key = ""
    if signatory.has_signed and signatory.signature_png:
        key = f"s{signatory.pk}"
        images[key] = bytes(signatory.signature_png)
    return {
        "unit": signatory.unit.name.upper(),
        "role": role,
        "authority": signatory.authority_prefix,
        "title": signatory.title,
        "image": key,
        "name": signatory.full_name,
    }


def document_context(
    *, ceremony: Ceremony, signatories: list[Signatory], events: list, base_url: str = ""
) -> tuple[dict, dict[str, bytes]]:
    """(template context, images by key) for ``templates/signing/pdf/covenant.html``."""
    from core.qr import qr_png

    text = json.loads(ceremony.frozen_text)
    language = text.get("language", "vi")
    images: dict[str, bytes] = {}
    with override(language):
        cells = [_cell(s, images) for s in signatories]
        url = verify_url(ceremony.public_id, base_url)
        images["qr"] = qr_png(url)
        tz = timezone.get_current_timezone()
        modes = dict(SigningMode.choices)
        context = {
            "language": language,
            "text": text,
            "place_date": place_date(
                text["place"], date.fromisoformat(text["signed_on"]), language
            ),
            "preamble": [p for p in text["preamble"].splitlines() if p.strip()],
            "sections": parse_body(text["body"]),
            "rows": [cells[i : i + PER_ROW] for i in range(0, len(cells), PER_ROW)],
            "verify_url": url,
            "text_sha256": ceremony.text_sha256,
            "signed_count": sum(1 for s in signatories if s.has_signed),
            "total": len(signatories),
            "missing_reason": ceremony.missing_reason,
            "audit_signers": [
                {
                    "unit": s.unit.name,
                    "name": s.full_name,
                    "signed_at": s.signed_at.astimezone(tz).strftime("%d/%m/%Y %H:%M:%S")
                    if s.signed_at
                    else _("not signed"),
                    "mode": str(modes.get(s.mode, "")),
                    "image_sha256": s.signature_sha256,
                }
                for s in signatories
            ],
            "audit_count": ceremony.audit_count,
            "audit_head": ceremony.audit_head or GENESIS,
            "public_id": ceremony.public_id,
        }
    return context, images


def sealed_record(*, context: dict, signatories: list[Signatory], conference_title: str) -> dict:
    """What the sealed PDF states, as plain data for the verify page: frozen at
    sealing so later edits of names or units do not change what it shows."""
    rows = [cell for row in context["rows"] for cell in row]
    printed = []
    for cell, signatory, audit in zip(rows, signatories, context["audit_signers"], strict=True):
        printed.append(
            {
                "unit": audit["unit"],
                "role": cell["role"],
                "authority": cell["authority"],
                "title": cell["title"],
                "name": cell["name"],
                "signed": signatory.has_signed,
                "signed_at": signatory.signed_at.isoformat() if signatory.signed_at else "",
                "signed_at_display": audit["signed_at"] if signatory.has_signed else "",
                "mode": audit["mode"],
                "image_sha256": signatory.signature_sha256,
            }
        )
    return {
        "public_id": context["public_id"],
        "conference": conference_title,
        "title": context["text"]["title"],
        "subtitle": context["text"]["subtitle"],
        "issuing_body": context["text"]["issuing_body"],
        "place_date": context["place_date"],
        "language": context["language"],
        "text_sha256": context["text_sha256"],
        "signatories": printed,
        "signed_count": context["signed_count"],
        "total": context["total"],
        "missing": [{"unit": p["unit"], "name": p["name"]} for p in printed if not p["signed"]],
        "missing_reason": context["missing_reason"],
        "audit_count": context["audit_count"],
        "audit_head": context["audit_head"],
    }
