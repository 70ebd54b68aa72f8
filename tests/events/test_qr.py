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
