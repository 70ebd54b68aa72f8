"""The news article the host posts after the meeting, drafted from the same
facts as the minutes (``signing.selectors.meeting_facts``), in the shape of
the province's usual article: date and host with its place in the cluster,
who chaired with their titles, who attended, what was adopted, the covenant
and its main commitments, a closing sentence, the byline; photos between.
Plain data; the page, the HTML download and the DOCX print the same words.
"""

from __future__ import annotations

from datetime import date

from signing.selectors.meeting_facts import CLUSTER_ROLE_VI

CLOSING = (
    "Các thành viên tham dự Hội nghị mong muốn những kết quả đã đạt được, những mô hình, "
    "cách làm hay của các đơn vị trong Cụm thi đua sẽ là động lực thúc đẩy các thành viên "
    "hoàn thành tốt nhiệm vụ công tác trong thời gian tới./."
)


def _and(items: list[str]) -> str:
    items = [i for i in items if i]
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " và " + items[-1]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _chair_phrase(chair: dict) -> str:
    role = CLUSTER_ROLE_VI.get(chair["cluster_role"], "")
    title = " ".join(part for part in (chair["title"], chair["unit"]) if part)
    return ", ".join(part for part in (f"đồng chí {chair['name']}", title, role) if part)


def _byline(facts: dict) -> str:
    for group in facts["attendance"]:
        if group["code"] == "press":
            for person in group["people"]:
                if facts["host_unit"] in person["unit"] or person["unit"].endswith(
                    facts["host_unit"].removeprefix("Sở Nội vụ ")
                ):
                    return person["name"]
    return ""


def news_article(*, facts: dict, adopted: list[str], photos: list | None = None) -> dict:
    """{title, sapo, blocks: [("p", text) | ("photo", photo)], byline, warnings}."""
    day = date.fromisoformat(facts["date"])
    host_role = CLUSTER_ROLE_VI.get(facts["host_cluster_role"], "")
    host = facts["host_unit"] + (f" - đơn vị {host_role} {facts['cluster']}" if host_role else "")
    title = facts["conference"]
    sapo = f"Ngày {day.day}/{day.month}/{day.year}, tại {host}, đã tổ chức {_lower_first(title)}."
    chairs = sorted(facts["chairs"], key=lambda c: c["unit"] != facts["host_unit"])
    units = [u["short"] for u in facts["units_present"]]
    members = sum(1 for g in facts["attendance"] for p in g["people"] if p["unit_short"])
    attended = (
        f"Tham dự Hội nghị có {members} đại biểu là lãnh đạo, chuyên viên phụ trách công tác "
        f"thi đua - khen thưởng của các đơn vị trong Cụm thi đua, gồm: {_and(units)}."
    )
    guests = [
        p["unit"]
        for g in facts["attendance"]
        if g["code"] == "guest"
        for p in g["people"]
        if p["unit"]
    ]
    if guests:
        attended += f" Dự Hội nghị còn có đại diện {_and(list(dict.fromkeys(guests)))}."
    paragraphs = []
    if chairs:
        paragraphs.append(
            "Chủ trì Hội nghị là " + " và ".join(_chair_phrase(c) for c in chairs) + "."
        )
    paragraphs.append(attended)
    blocks = [("p", text) for text in paragraphs]
    photos = list(photos or [])
    if photos:
        blocks.append(("photo", photos.pop(0)))
    if adopted:
        blocks.append(("p", "Hội nghị đã " + "; ".join(_lower_first(a) for a in adopted) + "."))
    warnings = []
    covenant = facts.get("covenant") or {}
    if covenant:
        signing_item = any(i["kind"] == "covenant_signing" for i in facts["agenda"])
        if not covenant.get("signed_count") and not signing_item:
            warnings.append("covenant_not_signed")
        else:
            if not covenant.get("signed_count"):
                warnings.append("covenant_not_signed_in_app")
            text = (
                "Tại Hội nghị, các đơn vị trong Cụm thi đua đã tiến hành ký kết "
                f"{_lower_first(covenant['title'].capitalize())}"
                + (f" {_lower_first(covenant['subtitle'])}" if covenant.get("subtitle") else "")
            )
            commitments = covenant.get("commitments") or []
            if commitments:
                text += " với các nội dung cụ thể, như: " + "; ".join(
                    _lower_first(c) for c in commitments
                )
            blocks.append(("p", text + "."))
    blocks.extend(("photo", photo) for photo in photos)
    blocks.append(("p", CLOSING))
    return {
        "title": title,
        "sapo": sapo,
        "blocks": blocks,
        "byline": _byline(facts),
        "warnings": warnings,
    }
