"""Everything the counting record (biên bản kiểm phiếu) shows, in the PDF
and the DOCX alike, built from ``events.selectors.counting.counting_facts``
(no renderer here). Call it inside ``translation.override``: the words are
gettext's, the facts are codes and numbers.

Decree 30/2020 layout: the cluster and "Ban kiểm phiếu" with "Số: …/BB-…"
on the left, quốc hiệu and tiêu ngữ with the place and date on the right;
the title and the decision; times, place, committee, method, the counts,
the per-candidate table with the rule in words, the conclusion; the head of
the committee signs on the left, the chair on the right.
"""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core import nd30
from core.text import percent_display
from events.tally import Base, Outcome, rule_of
from signing.document import verify_url


def _moment(iso: str) -> str:
    """ "08 giờ 05 phút, ngày 22 tháng 7 năm 2022"."""
    if not iso:
        return "…"
    moment = datetime.fromisoformat(iso)
    day = nd30.place_date("", moment.date()).removeprefix(", ")
    return f"{nd30.time_text(moment)}, {day}"


def _method(facts: dict) -> str:
    kind = _("secret ballot") if facts["secret"] else _("open vote")
    paper = facts.get("paper") or {}
    if not paper:
        means = _("on electronic ballots (delegates' phones)")
    elif paper.get("collected") is not None:
        means = _("on electronic ballots and paper ballots (%(n)s paper ballots collected)") % {
            "n": paper["collected"]
        }
    else:
        means = _("on electronic ballots and paper ballots")
    return f"{kind}, {means}"


def _base_label(base: str) -> str:
    return {
        Base.MEMBERS: _("Percent of the voters entitled to vote"),
        Base.COLLECTED: _("Percent of the ballots collected"),
        Base.VALID: _("Percent of the valid ballots"),
    }[Base(base)]


def _conclusion(facts: dict) -> list[str]:
    passed = [line["label"] for line in facts["lines"] if line["outcome"] == "passed"]
    tied = [line["label"] for line in facts["lines"] if line["outcome"] == "tied"]
    if facts["kind"] == "adopt":
        if passed:
            return [_("The meeting adopted: %(title)s.") % {"title": facts["decision"]}]
        return [_("The meeting did not adopt: %(title)s.") % {"title": facts["decision"]}]
    out = []
    if passed:
        out.append(_("Passed: %(names)s.") % {"names": "; ".join(passed)})
    else:
        out.append(_("No candidate reached the threshold."))
    if tied:
        if facts["rule"].get("tie_break") == "chair":
            out.append(
                _("Tied at the last place: %(names)s; the chair decides, recorded.")
                % {"names": "; ".join(tied)}
            )
        else:
            out.append(
                _("Tied at the last place: %(names)s; a new round is held among them.")
                % {"names": "; ".join(tied)}
            )
    return out


def counting_context(
    *, facts: dict, number: str = "", public_id: str = "", base_url: str = ""
) -> tuple[dict, dict[str, bytes]]:
    """(template context, images by key) for ``signing/pdf/counting_record.html``
    and the DOCX: the same words in both."""
    images: dict[str, bytes] = {}
    url = verify_url(public_id, base_url) if public_id else ""
    if public_id:
        from core.qr import qr_png

        images["qr"] = qr_png(url)
    closed = datetime.fromisoformat(facts["closed_at"]).date() if facts["closed_at"] else None
    committee = facts["committee"]
    head = next((m for m in committee if m["head"]), None)
    members = [
        {
            **m,
            "role": pgettext("counting committee", "Head") if m["head"] else _("Member"),
        }
        for m in committee
    ]
    lines = [
        {
            **line,
            "outcome_label": Outcome.label_of(line["outcome"]),
            "percent_shown": percent_display(line["percent"]),
        }
        for line in facts["lines"]
    ]
    rule = rule_of(facts["rule"]) if facts["rule"] else None
    per_delegate = facts["ballot_per"] == "delegate"
    counts = [
        (_("Member units summoned"), facts["units_summoned"]),
        (_("Member units present"), facts["units_present"]),
    ]
    if per_delegate:
        counts.append((_("Delegates entitled to vote"), facts["entitled"]))
    counts += [
        (_("Ballots issued"), facts["issued"]),
        (_("Ballots collected"), facts["collected"]),
        (_("Valid ballots"), facts["valid"]),
        (_("Invalid ballots"), facts["invalid"]),
    ]
    title = facts["decision"]
    if facts["round"] > 1:
        title = _("%(title)s (round %(round)s)") % {"title": title, "round": facts["round"]}
    context = {
        "parent_body": facts["cluster"],
        "issuing_body": _("Counting committee"),
        "reference": nd30.number_reference(number),
        "number_line": nd30.number_line(number),
        "place_date": nd30.place_date(facts["host_place"], closed) if closed else "",
        "title": _("COUNTING RECORD"),
        "decision": title,
        "conference": facts["conference"],
        "start_line": _moment(facts["opened_at"]),
        "end_line": _moment(facts["closed_at"]),
        "place": ", ".join(p for p in (facts["venue"], facts["address"]) if p),
        "committee": members,
        "method": _method(facts),
        "counts": [{"label": label, "value": value} for label, value in counts],
        "base_label": _base_label(facts["rule"].get("base", "collected")),
        "lines": lines,
        "rule": rule.words() if rule else "",
        "conclusion": _conclusion(facts),
        "head": head or {"name": "", "title": "", "unit": ""},
        "chair": facts["chair"],
        "public_id": public_id,
        "verify_url": url,
        "draft": not public_id,
    }
    return context, images


def counting_sealed_record(context: dict, facts: dict) -> dict:
    """What the sealed PDF states, frozen for the verify page."""
    return {
        "kind": "counting",
        "public_id": context["public_id"],
        "conference": facts["conference"],
        "title": context["title"],
        "subtitle": context["decision"],
        "number_line": context["number_line"],
        "closed_at": facts["closed_at"],
        "counts": {k: facts[k] for k in ("issued", "collected", "valid", "invalid")},
        "lines": [
            {k: line[k] for k in ("position", "label", "votes", "percent", "outcome")}
            for line in facts["lines"]
        ],
        "rule": context["rule"],
        "signers": [
            {"role": "head", "name": context["head"]["name"], "title": context["head"]["title"]},
            {"role": "chair", "name": context["chair"]["name"], "title": context["chair"]["title"]},
        ],
    }
