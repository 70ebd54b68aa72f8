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
    import zipfile

    with override("vi"):
        built = _letter_docx(letter, issued_on)
    # python-docx stamps each part with the time of saving: restamp them with
    # the date of issue, so the same letter gives the same bytes.
    with zipfile.ZipFile(io.BytesIO(built)) as archive:
        order = archive.namelist()
        parts = {name: archive.read(name) for name in order}
    return _restamp(parts, order, issued_on)


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


# --- Many letters ------------------------------------------------------------------
#
# Building a document with python-docx costs about as much as opening its
# default template and saving it (0.1 s each on a loaded 2-core machine),
# and the letters of one conference differ only in who they are addressed
# to, what that unit is asked to send and its link. So a batch builds one
# document per shape with a token in each of those runs, then writes each
# letter by putting its own (escaped) words in the tokens' place and its own
# QR in the picture's; a letter of another shape is built in full. Entries
# are stamped with the date of issue, so the same letter gives the same bytes.

VARYING = ("addressee", "opening", "delegation", "link")
PLACEHOLDER = "\u27e6{}\u27e7"  # ⟦addressee⟧: a bracket no Vietnamese text uses


def _shape(letter: Letter) -> tuple:
    return tuple(
        tuple(v) if isinstance(v, list) else v
        for k, v in letter.__dict__.items()
        if k not in (*VARYING, "qr")
    )


def _zip_time(issued_on: date | None) -> tuple:
    return (*issued_on.timetuple()[:3], 8, 0, 0) if issued_on else (1980, 1, 1, 0, 0, 0)


def _restamp(parts: dict[str, bytes], order: list[str], issued_on: date | None) -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=_zip_time(issued_on))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, parts[name])
    return out.getvalue()


class _Template:
    """One built document with tokens where the varying words go."""

    def __init__(self, letter: Letter, issued_on: date | None):
        import zipfile

        tokens = {name: PLACEHOLDER.format(name) for name in VARYING}
        built = letter_docx(
            Letter(**{**letter.__dict__, **(tokens if letter.link else {})}), issued_on=issued_on
        )
        with zipfile.ZipFile(io.BytesIO(built)) as archive:
            self.order = archive.namelist()
            self.parts = {name: archive.read(name) for name in self.order}
        self.document = self.parts["word/document.xml"].decode("utf-8")
        self.media = [n for n in self.order if n.startswith("word/media/")]
        self.issued_on = issued_on
        self.ok = (
            bool(letter.link)
            and len(self.media) == 1
            and all(self.document.count(tokens[name]) == 1 for name in VARYING)
        )

    def fill(self, letter: Letter) -> bytes:
        from xml.sax.saxutils import escape

        document = self.document
        for name in VARYING:
            document = document.replace(PLACEHOLDER.format(name), escape(getattr(letter, name)))
        parts = {
            **self.parts,
            "word/document.xml": document.encode("utf-8"),
            self.media[0]: qr_png(letter.link),
        }
        return _restamp(parts, self.order, self.issued_on)


def letters_docx(letters: list[Letter], *, issued_on: date | None = None) -> list[bytes]:
    """Each letter as DOCX bytes, as ``letter_docx`` writes it, in less time."""
    templates: dict[tuple, _Template] = {}
    result = []
    for letter in letters:
        template = templates.get(_shape(letter)) if letter.link else None
        if letter.link and template is None:
            template = templates[_shape(letter)] = _Template(letter, issued_on)
        plain = not any("\u27e6" in value for value in letter.__dict__.values() if value)
        if template is not None and template.ok and plain:
            result.append(template.fill(letter))
        else:
            result.append(letter_docx(letter, issued_on=issued_on))
    return result
