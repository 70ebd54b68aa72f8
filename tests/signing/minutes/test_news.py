import io
import struct
import unicodedata
import zlib

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image

from events.demo import CONFERENCE_2022, load_demo
from events.models import Conference, StaffRole
from signing.errors import SigningError
from signing.exports.news_docx import news_docx
from signing.news import news_article
from signing.selectors.meeting_facts import meeting_facts
from signing.services.news_photos import news_photo_upload
from tests.factories import MembershipFactory


def _png_claiming(width: int, height: int) -> bytes:
    """A few hundred bytes whose header claims ``width`` by ``height`` pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def _jpeg_with_exif(width=2400, height=1200) -> bytes:
    image = Image.new("RGB", (width, height), (200, 30, 30))
    image.paste((20, 20, 200), (0, 0, width // 2, height))  # left half blue
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to view
    exif[0x010F] = "Camera maker"
    exif.get_ifd(0x8825)[2] = (21.0, 1.0, 30.0)  # GPSLatitude
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


@pytest.fixture
def seed(db):
    load_demo()
    return Conference.objects.get(slug=CONFERENCE_2022)


def _seed_article(conference):
    from signing.models import Minutes

    facts = meeting_facts(conference=conference)
    adopted = Minutes.objects.get(conference=conference).sections["adopted"]
    return news_article(facts=facts, adopted=adopted)


def _text(article) -> str:
    return "\n".join(
        [article["title"], article["sapo"]]
        + [value for kind, value in article["blocks"] if kind == "p"]
        + [article["byline"]]
    )


def test_seed_news_draft_states_the_facts_of_the_seed_article(seed):
    article = _seed_article(seed)
    text = _text(article)

    assert article["sapo"].startswith(
        "Ngày 22/7/2022, tại Sở Nội vụ tỉnh Bắc Kạn - đơn vị Cụm phó Cụm thi đua Sở Nội vụ "
        "các tỉnh Trung du và Miền núi phía Bắc, đã tổ chức hội nghị sơ kết công tác thi đua"
    )
    chairs = (
        "Chủ trì Hội nghị là đồng chí Lê Văn Hội, Giám đốc Sở Nội vụ tỉnh Bắc Kạn, Cụm phó và "
        "đồng chí Nguyễn Quang Đông, Phó Giám đốc Sở Nội vụ tỉnh Bắc Giang, Cụm trưởng."
    )
    assert chairs in text
    assert (
        "gồm: Bắc Giang, Bắc Kạn, Hòa Bình, Phú Thọ, Thái Nguyên, Tuyên Quang và Yên Bái." in text
    )
    assert "Hội nghị đã thông qua báo cáo tóm tắt kết quả công tác thi đua" in text
    assert "thông qua dự thảo Quyết định ban hành Quy chế tổ chức và hoạt động" in text
    assert "đã tiến hành ký kết giao ước thi đua năm 2022" in text
    assert "quán triệt và thực hiện nghiêm các chủ trương, đường lối của Đảng" in text
    assert "Người tốt, việc tốt" in text
    assert text.rstrip().splitlines()[-2].endswith("./.")
    assert article["byline"] == "Hà Oai"
    assert article["warnings"] == ["covenant_not_signed_in_app"]
    assert unicodedata.is_normalized("NFC", text)


def test_news_docx_reads_back_the_article_with_its_photos(seed, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    news_photo_upload(conference=seed, data=_jpeg_with_exif(), caption="Quang cảnh hội nghị")
    from docx import Document

    photos = list(seed.news_photos.all())
    article = news_article(
        facts=meeting_facts(conference=seed), adopted=["Thông qua báo cáo"], photos=photos
    )

    def read(photo):
        with photo.image.open("rb") as handle:
            return handle.read()

    document = Document(io.BytesIO(news_docx(article, read)))
    paragraphs = [p.text for p in document.paragraphs]

    assert paragraphs[0] == seed.title
    assert "Quang cảnh hội nghị" in paragraphs
    assert paragraphs[-1] == "Hà Oai"
    assert len(document.inline_shapes) == 1
    assert document.styles["Normal"].font.name == "Times New Roman"


def test_news_page_and_html_download_show_the_article_to_the_organizer(seed, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    organizer = MembershipFactory(conference=seed, role=StaffRole.ORGANIZER).user
    client = Client()
    client.force_login(organizer)
    news_photo_upload(conference=seed, data=_jpeg_with_exif(), caption="Quang cảnh hội nghị")

    page = client.get(reverse("signing:news", args=[seed.slug])).content.decode()
    download = client.get(reverse("signing:news_html", args=[seed.slug]))
    html = download.content.decode()

    assert "đồng chí Lê Văn Hội" in page and "Sao chép HTML" in page
    assert "data:image/jpeg;base64," in html and "Quang cảnh hội nghị" in html
    assert download["Content-Disposition"].startswith("attachment;")
    assert "<script" not in html


def test_photo_is_turned_upright_resized_and_stripped_of_exif(conference, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    photo = news_photo_upload(
        conference=conference,
        data=_jpeg_with_exif(),
        caption=unicodedata.normalize("NFD", "Ký kết"),
    )

    with photo.image.open("rb") as handle, Image.open(handle) as stored:
        assert stored.size == (800, 1600)  # rotated to portrait, long side 1600
        assert dict(stored.getexif()) == {}
        # The blue half was on the left; upright (rotated clockwise) it is on top.
        assert stored.getpixel((400, 100))[2] > 150
        assert stored.getpixel((400, 1500))[0] > 150
    with photo.thumbnail.open("rb") as handle, Image.open(handle) as thumb:
        assert max(thumb.size) == 400
    assert (photo.width, photo.height) == (800, 1600)
    assert photo.caption == "Ký kết"


def test_decompression_bomb_is_refused_with_a_clear_message(conference, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    bomb = _png_claiming(30_000, 30_000)  # 900 megapixels in a few hundred bytes

    with pytest.raises(SigningError) as error:
        news_photo_upload(conference=conference, data=bomb)

    assert len(bomb) < 500
    assert error.value.code == "photo_bomb"
    assert "40" in error.value.messages[0]
    assert conference.news_photos.count() == 0


@pytest.mark.parametrize(
    "data",
    [b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", b"<svg xmlns='http://www.w3.org/2000/svg'/>", b""],
)
def test_non_photos_are_refused(conference, settings, tmp_path, data):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(SigningError) as error:
        news_photo_upload(conference=conference, data=data)
    assert error.value.code == "photo_type"


def test_upload_page_shows_the_bomb_refusal(seed, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    organizer = MembershipFactory(conference=seed, role=StaffRole.ORGANIZER).user
    client = Client()
    client.force_login(organizer)

    response = client.post(
        reverse("signing:news", args=[seed.slug]),
        {"photo": SimpleUploadedFile("bom.png", _png_claiming(30_000, 30_000), "image/png")},
    )

    assert response.status_code == 400
    assert "quá nhiều điểm ảnh" in response.content.decode()
