"""The counting record as DOCX: the same words as the PDF (one context, from
``signing.counting_document``), for the office's own filing; the sealed PDF
remains the original. Call it inside ``translation.override``."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from signing.exports.docx_common import new_document, paragraph, to_bytes


def _table(document, rows: list[list[str]], *, header: bool = False):
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            cell = table.rows[r].cells[c]
            cell.paragraphs[0].text = ""
            run = cell.paragraphs[0].add_run(str(value))
            run.font.name = "Times New Roman"
            run.bold = header and r == 0
    return table


def counting_docx(context: dict) -> bytes:
    document = new_document()
    head = document.add_table(rows=1, cols=2)
    left, right = head.rows[0].cells
    paragraph(left, context["parent_body"].upper(), center=True, size=13)
    paragraph(left, context["issuing_body"].upper(), bold=True, center=True, size=13)
    paragraph(left, context["number_line"], center=True, size=13)
    paragraph(right, _("SOCIALIST REPUBLIC OF VIET NAM"), bold=True, center=True, size=13)
    paragraph(right, _("Independence - Freedom - Happiness"), bold=True, center=True, size=14)
    paragraph(right, context["place_date"], italic=True, center=True)
    if context["draft"]:
        paragraph(document, _("Draft: not sealed yet"), italic=True, center=True)
    paragraph(document, context["title"], bold=True, center=True)
    paragraph(document, context["decision"], bold=True, center=True)
    paragraph(document, f"{_('Conference')}: {context['conference']}.", indent=True)
    paragraph(
        document,
        f"{_('Counting began')}: {context['start_line']}; {_('ended')}: {context['end_line']}.",
        indent=True,
    )
    paragraph(document, f"{_('Place')}: {context['place']}.", indent=True)
    paragraph(document, f"{_('Counting committee')}:", indent=True)
    for n, m in enumerate(context["committee"], start=1):
        who = ", ".join(part for part in (m["name"], m["title"], m["unit"]) if part)
        paragraph(document, f"{n}. {who} — {m['role']}", indent=True)
    paragraph(document, f"{_('Method')}: {context['method']}.", indent=True)
    paragraph(document, _("The count"), bold=True)
    _table(document, [[row["label"], str(row["value"])] for row in context["counts"]])
    paragraph(document, _("Result per line of the ballot"), bold=True)
    rows = [
        [
            pgettext("row number", "No."),
            _("Candidate or motion"),
            _("Agree"),
            context["base_label"],
            _("Result"),
        ]
    ]
    rows += [
        [str(n), line["label"], str(line["votes"]), line["percent_shown"], line["outcome_label"]]
        for n, line in enumerate(context["lines"], start=1)
    ]
    _table(document, rows, header=True)
    if context["rule"]:
        rule = context["rule"][:1].upper() + context["rule"][1:]
        paragraph(document, f"{_('Rule')}: {rule}.", italic=True, indent=True)
    paragraph(document, _("Conclusion"), bold=True)
    for text in context["conclusion"]:
        paragraph(document, text, indent=True)
    end = _("The count ended at %(end)s; this record was read out to the meeting./.") % {
        "end": context["end_line"]
    }
    paragraph(document, end, indent=True)
    signs = document.add_table(rows=1, cols=2)
    for cell, role, person in zip(
        signs.rows[0].cells,
        (_("Head of the counting committee"), _("CHAIR")),
        (context["head"], context["chair"]),
        strict=True,
    ):
        paragraph(cell, role.upper(), bold=True, center=True)
        paragraph(cell, _("(Signature)"), italic=True, center=True)
        paragraph(cell, "")
        paragraph(cell, "")
        paragraph(cell, person["name"], bold=True, center=True)
    if context["public_id"]:
        paragraph(
            document,
            _("Check this document at %(url)s") % {"url": context["verify_url"]},
            size=9,
        )
        paragraph(document, f"{_('Document identifier')}: {context['public_id']}", size=9)
    return to_bytes(document)
