import base64
import io

import pytest
from PIL import Image, ImageDraw

from signing.errors import SigningError
from signing.images import MAX_BYTES, clean_signature_png, decode_data_url
from tests.signing.conftest import signature_png


def _png(width, height, colour=(0, 0, 0, 0)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (width, height), colour).save(out, format="PNG")
    return out.getvalue()


def _code(callable_, *args):
    with pytest.raises(SigningError) as error:
        callable_(*args)
    return error.value.code


def test_drawn_signature_is_accepted():
    clean, digest = clean_signature_png(signature_png())
    assert clean.startswith(b"\x89PNG")
    assert len(digest) == 64


def test_blank_canvas_is_refused():
    assert _code(clean_signature_png, _png(400, 160)) == "blank"


def test_white_canvas_is_refused():
    assert _code(clean_signature_png, _png(400, 160, (255, 255, 255, 255))) == "blank"


def test_too_small_image_is_refused():
    assert _code(clean_signature_png, signature_png(100, 40)) == "too_small"


def test_too_large_dimensions_are_refused():
    assert _code(clean_signature_png, _png(4000, 1000)) == "too_large"


def test_too_many_bytes_are_refused():
    data = signature_png() + b"\x00" * (MAX_BYTES + 1)
    assert _code(clean_signature_png, data) == "too_large"


def test_data_url_must_be_png():
    jpeg = "data:image/jpeg;base64," + base64.b64encode(b"\xff\xd8\xff").decode()
    assert _code(decode_data_url, jpeg) == "not_png"


def test_svg_data_url_is_never_accepted():
    svg = "data:image/svg+xml;base64," + base64.b64encode(b"<svg></svg>").decode()
    assert _code(decode_data_url, svg) == "svg"


def test_broken_base64_is_malformed():
    assert _code(decode_data_url, "data:image/png;base64,@@@") == "malformed"


def test_data_url_round_trip():
    png = signature_png()
    url = "data:image/png;base64," + base64.b64encode(png).decode()
    assert decode_data_url(url) == png


def _ink_box(png: bytes) -> tuple[int, int, int, int]:
    with Image.open(io.BytesIO(png)) as image:
        dark = image.convert("L").point(lambda v: 255 if v < 200 else 0)
        return dark.getbbox()


def test_signature_is_cropped_to_its_ink_with_a_margin():
    canvas = Image.new("RGBA", (1200, 480), (0, 0, 0, 0))
    ImageDraw.Draw(canvas).line([(500, 200), (700, 260)], fill=(11, 42, 138, 255), width=6)
    out = io.BytesIO()
    canvas.save(out, format="PNG")

    clean, _digest = clean_signature_png(out.getvalue())

    with Image.open(io.BytesIO(clean)) as image:
        assert image.mode == "RGB"  # flattened on white, no alpha
        assert 200 < image.width < 260 and 60 < image.height < 110
    left, top, right, bottom = _ink_box(clean)
    assert left >= 8 and top >= 8  # the margin is kept
    assert right <= image.width - 8 and bottom <= image.height - 8


def test_dense_phone_canvas_is_scaled_down_to_print_size():
    clean, _digest = clean_signature_png(signature_png(2400, 960, strokes=5))

    with Image.open(io.BytesIO(clean)) as image:
        assert image.width <= 600 and image.height <= 300
        assert max(image.width / 600, image.height / 300) > 0.99  # fills the box
