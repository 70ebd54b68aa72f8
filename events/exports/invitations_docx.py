"""One invitation letter as a Word document (python-docx), laid out as the PDF:
A4, Decree 30 margins, the header table, the body, recipients and signature.
The font is named "Times New Roman" for every script, so Word opens it in
the face Decree 30 asks for and substitutes nothing."""

from __future__ import annotations

import io
from datetime import date, datetime, time

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override, pgettext

from core import nd30
from core.qr import qr_png
from events.exports.invitation_text import Letter

FONT_PT = 14


def _font(run, *, size=FONT_PT, bold=False, italic=False):
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = nd30.DOCX_FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), nd30.DOCX_FONT)
    return run


def _paragraph(
    container,
    text="",
    *,
    align="center",
    size=FONT_PT,
    bold=False,
    italic=False,
    indent=False,
    after=0,
):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    paragraph = container.add_paragraph()
    paragraph.alignment = {
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
    }[align]
    paragraph.paragraph_format.space_after = Pt(after)
    paragraph.paragraph_format.space_before = Pt(0)
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(1.27)
    if text:
        _font(paragraph.add_run(text), size=size, bold=bold, italic=italic)
    return paragraph


def _rule(container, *, width_cm: float, cell_cm: float):
    """A short centred line under the issuing body or the motto (a bottom
    border on an empty paragraph, narrowed by its indents)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    paragraph = _paragraph(container, size=4)
    side = max(0.0, (cell_cm - width_cm) / 2)
    paragraph.paragraph_format.left_indent = Cm(side)
    paragraph.paragraph_format.right_indent = Cm(side)
    paragraph.paragraph_format.space_after = Pt(4)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)
    return paragraph


def _two_cells(document, widths_cm: tuple[float, float]):
    from docx.shared import Cm

    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    cells = table.rows[0].cells
    for cell, width in zip(cells, widths_cm, strict=True):
        cell.width = Cm(width)
        # A new cell holds one empty paragraph; ours are added after it.
        cell._tc.remove(cell.paragraphs[0]._p)
    return cells


def _setup_page(document):
    from docx.shared import Mm, Pt

    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name = nd30.DOCX_FONT
    normal.font.size = Pt(FONT_PT)
    from docx.oxml.ns import qn

    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), nd30.DOCX_FONT)


def letter_docx(letter: Letter, *, issued_on: date | None = None) -> bytes:
    """The letter as DOCX bytes, in Vietnamese (an official document)."""
    with override("vi"):
        return _letter_docx(letter, issued_on)


def _letter_docx(letter: Letter, issued_on: date | None) -> bytes:
    from docx import Document
    from docx.shared import Cm

    document = Document()
    _setup_page(document)
    left_cm, right_cm = 6.6, 9.9  # 40 % / 60 % of the 16.5 cm text width

    left, right = _two_cells(document, (left_cm, right_cm))
    if letter.parent_body:
        _paragraph(left, letter.parent_body, size=13)
    _paragraph(left, letter.issuing_body, size=13, bold=True)
    _rule(left, width_cm=2.2, cell_cm=left_cm)
    _paragraph(left, f"{pgettext('document number', 'No.')}: {letter.reference}", size=13)
    _paragraph(right, _("SOCIALIST REPUBLIC OF VIET NAM"), size=13, bold=True)
    _paragraph(right, _("Independence - Freedom - Happiness"), size=14, bold=True)
    _rule(right, width_cm=6.0, cell_cm=right_cm)
    _paragraph(right, letter.place_date, italic=True)

    _paragraph(document, "", after=6)
    _paragraph(document, _("INVITATION"), bold=True)
    _paragraph(document, letter.abstract, bold=True, after=12)
    addressee = _paragraph(document, _("To") + ": ", after=12)
    _font(addressee.add_run(letter.addressee), bold=True)

    _paragraph(document, letter.opening, align="justify", indent=True, after=6)
    for label, value in (
        (_("Time"), letter.time),
        (_("Place"), letter.place),
        (_("Chaired by"), letter.chair),
        (_("Delegation"), letter.delegation),
    ):
        if not value:
            continue
        paragraph = _paragraph(document, align="justify", indent=True, after=6)
        _font(paragraph.add_run(f"{label}: "), bold=True)
        _font(paragraph.add_run(value))
    for text in letter.closing:
        _paragraph(document, text, align="justify", indent=True, after=6)

    if letter.link:
        qr_cell, text_cell = _two_cells(document, (3.2, 13.3))
        picture = _paragraph(qr_cell, align="left")
        picture.add_run().add_picture(io.BytesIO(qr_png(letter.link)), width=Cm(2.8))
        _paragraph(text_cell, _("Register the delegation at") + ":", align="left", size=12)
        _paragraph(text_cell, letter.link, align="left", size=11)

    _paragraph(document, "", after=6)
    recipients, signature = _two_cells(document, (7.4, 9.1))
    _paragraph(recipients, _("Recipients") + ":", align="left", size=12, bold=True, italic=True)
    for index, line in enumerate(letter.recipients):
        end = "." if index == len(letter.recipients) - 1 else ";"
        _paragraph(recipients, f"- {line}{end}", align="left", size=11)
    if letter.signer_authority:
        _paragraph(signature, letter.signer_authority, bold=True)
    _paragraph(signature, letter.signer_title, bold=True, after=72)
    _paragraph(signature, letter.signer_name, bold=True)

    properties = document.core_properties
    properties.title = f"{_('INVITATION')} {letter.reference}"
    properties.subject = letter.abstract[:255]
    properties.author = letter.issuing_body
    properties.last_modified_by = letter.issuing_body
    if issued_on:
        moment = timezone.make_aware(datetime.combine(issued_on, time(8, 0)))
        properties.created = properties.modified = moment
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
