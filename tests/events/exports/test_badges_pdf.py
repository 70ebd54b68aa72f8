"""A printed badge: the short manual code sits under the QR code, clear of
it, so that both the code can be read and the QR scanned (the code used to
be printed over the QR's bottom rows)."""

import io

import pytest
from pypdf import PdfReader

from events.exports.badges_pdf import badges_pdf
from tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db

MM = 72 / 25.4  # PDF points per millimetre


def _layout(pdf: bytes):
    """The QR image's box and each text run's baseline and size, in points
    from the page's bottom left."""
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    images, texts = [], []

    def before(operator, operands, cm, tm):
        if operator == b"Do":
            a, _b, _c, d, e, f = cm
            images.append((e, f, e + a, f + d))

    def on_text(text, cm, tm, font, size):
        if text.strip():
            y = tm[5] * cm[3] + cm[5]
            texts.append((text.strip(), y, abs(size * tm[3] * cm[3])))

    page.extract_text(visitor_operand_before=before, visitor_text=on_text)
    return images, texts


@pytest.mark.parametrize("layout", ["a6", "a4x4"])
def test_manual_code_is_printed_below_the_qr_code_not_over_it(layout):
    person = RegistrationFactory(full_name="Nông Thị Hạnh", title="Chánh Văn phòng")

    images, texts = _layout(
        badges_pdf(conference=person.conference, registrations=[person], layout=layout)
    )

    assert len(images) == 1
    _left, qr_bottom, _right, _top = images[0]
    code = [t for t in texts if t[0] == person.manual_code_display]
    assert len(code) == 1
    _text, baseline, size = code[0]
    # The code's letters (under the font size) end two millimetres or more
    # below the QR image, which carries no white margin of its own.
    assert baseline + size <= qr_bottom - 2 * MM
    assert baseline > 14 * MM  # and above the role band (14 mm)
