import base64
import io

from PIL import Image

from core.qr import qr_png_data_uri, qr_svg


def test_qr_svg_scales_and_has_no_id():
    svg = qr_svg("abc")
    assert svg.startswith('<svg class="qr" shape-rendering="crispEdges"')
    assert 'width="' not in svg.split(">", 1)[0]
    assert ' id="' not in svg


def test_qr_png_has_one_pixel_per_module_with_quiet_zone():
    uri = qr_png_data_uri("x" * 32)
    image = Image.open(io.BytesIO(base64.b64decode(uri.removeprefix("data:image/png;base64,"))))
    # Version 3 (29 modules) plus a 2-module border on each side.
    assert image.size == (33, 33)
    assert image.getpixel((0, 0)) == 255
    assert image.getpixel((2, 2)) == 0  # the finder pattern's corner


def test_qr_png_for_email_draws_whole_pixel_modules_at_least_240_px_wide():
    from core.qr import qr_png_for_email

    image = Image.open(io.BytesIO(qr_png_for_email("x" * 32)))
    # 33 modules (version 3 and the border) of 8 px each: 264 px, sharp at 240.
    assert image.size == (264, 264)
    assert image.mode == "1"
    assert image.getpixel((0, 0)) == 255
    assert image.getpixel((16, 16)) == 0  # the finder pattern's corner
    assert image.getpixel((16 + 7, 16 + 7)) == 0  # same module, other corner
