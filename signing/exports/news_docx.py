"""The news article draft as DOCX (same words and photos as the page)."""

from __future__ import annotations

import io

from signing.exports.docx_common import new_document, paragraph, to_bytes


def news_docx(article: dict, read_image) -> bytes:
    """``read_image(photo)`` → JPEG bytes of the resized photo."""
    from docx.shared import Mm

    document = new_document()
    paragraph(document, article["title"], bold=True, center=True)
    paragraph(document, article["sapo"], bold=True, indent=True)
    for kind, value in article["blocks"]:
        if kind == "p":
            paragraph(document, value, indent=True)
        else:
            document.add_paragraph().add_run().add_picture(
                io.BytesIO(read_image(value)), width=Mm(150)
            )
            paragraph(document, value.caption, italic=True, center=True)
    if article["byline"]:
        p = paragraph(document, article["byline"], bold=True)
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return to_bytes(document)
