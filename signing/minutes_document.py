"""Everything the minutes show (PDF, DOCX, the editor's preview), built from
the frozen text once finalised, or from the draft before (no renderer here).

Decree 30/2020 Mẫu 1.9: quốc hiệu and tiêu ngữ, "Số: …/BB-…", BIÊN BẢN and
the meeting's name, start time, place, attendance, chair and secretary, the
content as it ran, what was adopted, end time; the secretary signs on the
left, the chair on the right.
"""

from __future__ import annotations

import json
from datetime import date

from django.utils import timezone

from core import nd30
from signing.document import verify_url
from signing.models import Minutes, MinutesRole, MinutesSigner


def vi_time(hm: str, day: date) -> str:
    """ "08 giờ 05 phút, ngày 22 tháng 7 năm 2022" (empty parts left as dots)."""
    hours, minutes = (hm.split(":") + ["…"])[:2] if hm else ("…", "…")
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{hours} giờ {minutes} phút, ngày {day.day:02d} tháng {month} năm {day.year}"


def _document(minutes: Minutes, signers: list[MinutesSigner]) -> dict:
    if minutes.frozen_text:
        return json.loads(minutes.frozen_text)
    from signing.services.minutes import minutes_document

    return minutes_document(minutes, signers)


def _place(facts: dict) -> str:
    return ", ".join(part for part in (facts["venue"], facts["address"]) if part)


def _content(facts: dict, sections: dict) -> list[dict]:
    texts = sections.get("items", {})
    rows = []
    for number, item in enumerate(facts["agenda"], start=1):
        both = item["start"] and item["end"]
        times = f"{item['start']}–{item['end']}" if both else item["start"]
        rows.append(
            {
                "number": number,
                "title": item["title"],
                "times": times,
                "skipped": item["skipped"],
                "paragraphs": [p for p in texts.get(str(item["id"]), "").split("\n") if p.strip()],
            }
        )
    return rows


def _covenant(facts: dict) -> dict:
    covenant = facts.get("covenant") or {}
    signed = [s for s in covenant.get("signatories", []) if s["signed"]]
    return {
        "title": covenant.get("title", ""),
        "subtitle": covenant.get("subtitle", ""),
        "signed": signed,
        "total": covenant.get("total", 0),
        "at": facts.get("covenant_signed_at", ""),
    }


def minutes_context(
    *, minutes: Minutes, signers: list[MinutesSigner], base_url: str = "", images: bool = True
) -> tuple[dict, dict[str, bytes]]:
    """(template context, images by key) for ``signing/pdf/minutes.html`` and
    the DOCX: the same words in both."""
    document = _document(minutes, signers)
    facts = document["facts"]
    sections = document["sections"]
    day = date.fromisoformat(facts["date"])
    found: dict[str, bytes] = {}
    by_role = {s.role: s for s in signers}
    cells = {}
    for role in (MinutesRole.SECRETARY, MinutesRole.CHAIR):
        signer = by_role.get(role)
        printed = document["signers"].get(role, {})
        key = ""
        if images and signer is not None and signer.has_signed and signer.signature_png:
            key = f"m{role}"
            found[key] = bytes(signer.signature_png)
        cells[role] = {
            "name": printed.get("name", ""),
            "title": printed.get("title", ""),
            "image": key,
            "signed": bool(signer and signer.has_signed),
            "signed_at": signer.signed_at if signer else None,
            "image_sha256": signer.signature_sha256 if signer else "",
        }
    url = verify_url(minutes.public_id, base_url)
    if images:
        from core.qr import qr_png

        found["qr"] = qr_png(url)
    context = {
        "issuing_body": document["issuing_body"],
        "number_line": nd30.number_line(document["number"]),
        "conference": facts["conference"],
        "start_line": vi_time(facts["start"] or facts["planned_start"], day),
        "end_line": vi_time(facts["end"], day),
        "place": _place(facts),
        "units_present": facts["units_present"],
        "units_absent": facts["units_absent"],
        "attendance": facts["attendance"],
        "from_registrations": facts.get("attendance_source") == "registered",
        "times_planned": facts.get("times_planned", False),
        "present_count": facts["present_count"],
        "chairs": facts["chairs"],
        "opening": [p for p in sections.get("opening", "").split("\n") if p.strip()],
        "content": _content(facts, sections),
        "adopted": sections.get("adopted", []),
        "other": [p for p in sections.get("other", "").split("\n") if p.strip()],
        "covenant": _covenant(facts),
        "secretary": cells[MinutesRole.SECRETARY],
        "chair": cells[MinutesRole.CHAIR],
        "verify_url": url,
        "public_id": minutes.public_id,
        "text_sha256": minutes.text_sha256,
        "final": bool(minutes.frozen_text),
        "signature_records": [
            {
                "label": label,
                "name": cells[role]["name"],
                "at": timezone.localtime(cells[role]["signed_at"]).strftime("%d/%m/%Y %H:%M:%S")
                if cells[role]["signed_at"]
                else "—",
                "sha": cells[role]["image_sha256"],
            }
            for role, label in ((MinutesRole.SECRETARY, "Thư ký"), (MinutesRole.CHAIR, "Chủ tọa"))
        ],
    }
    return context, found


def minutes_record(context: dict, conference_title: str) -> dict:
    """What the sealed PDF states, frozen for the verify page."""
    return {
        "kind": "minutes",
        "public_id": context["public_id"],
        "conference": conference_title,
        "title": "BIÊN BẢN",
        "number_line": context["number_line"],
        "text_sha256": context["text_sha256"],
        "signers": [
            {
                "role": role,
                "name": context[role]["name"],
                "title": context[role]["title"],
                "signed_at": context[role]["signed_at"].isoformat()
                if context[role]["signed_at"]
                else "",
                "image_sha256": context[role]["image_sha256"],
            }
            for role in (MinutesRole.SECRETARY, MinutesRole.CHAIR)
        ],
    }
