"""What an upload really is, judged from its bytes, and what a phone is shown."""

import io

import pytest
from PIL import Image

from core.doc_files import (
    DOCX,
    PDF,
    docx_html,
    inspect_document,
    pdf_page_images,
    pdf_page_sizes,
    sanitize_html,
)
from core.errors import DomainError, error_code
from tests.events import document_samples as samples

LIMIT = 20 * 2**20


def refusal(data: bytes, *, max_bytes: int = LIMIT, max_pages: int = 300) -> DomainError:
    with pytest.raises(DomainError) as caught:
        inspect_document(data, max_bytes=max_bytes, max_pages=max_pages)
    return caught.value


def test_pdf_is_recognised_by_its_bytes_and_its_pages_counted():
    inspected = inspect_document(samples.pdf_bytes(3), max_bytes=LIMIT, max_pages=300)

    assert (inspected.content_type, inspected.page_count, inspected.extension) == (PDF, 3, "pdf")


def test_docx_is_recognised_by_its_parts():
    inspected = inspect_document(samples.docx_bytes(), max_bytes=LIMIT, max_pages=300)

    assert (inspected.content_type, inspected.page_count, inspected.extension) == (
        DOCX,
        None,
        "docx",
    )


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (samples.exe_bytes, "file_type_unsupported"),
        (samples.old_word_doc, "file_type_unsupported"),
        (samples.plain_zip, "file_type_unsupported"),
        (lambda: "Chỉ là văn bản".encode(), "file_type_unsupported"),
        (lambda: b"", "file_empty"),
        (samples.encrypted_pdf, "pdf_encrypted"),
        (samples.truncated_pdf, "pdf_broken"),
        (lambda: b"%PDF-1.7\n" + b"rac" * 400, "pdf_broken"),
        (samples.docx_declared_huge, "docx_too_large_unpacked"),
        (samples.zip_many_members, "docx_too_large_unpacked"),
        (samples.docx_lying_small, "docx_broken"),
        (samples.docx_with_macros, "docx_macros"),
    ],
    ids=lambda v: getattr(v, "__name__", v),
)
def test_bad_files_are_refused_with_a_stable_code_on_the_file_field(make, code):
    error = refusal(make())

    assert error_code(error) == code
    assert list(error.message_dict) == ["file"]
    assert error.message_dict["file"][0]


def test_oversized_file_is_refused_with_the_limit_in_megabytes():
    error = refusal(samples.pdf_bytes(1) + b"\n" * 2**20, max_bytes=2**20)

    assert error_code(error) == "file_too_large"
    assert "1 MB" in error.text


def test_pdf_over_the_page_limit_is_refused():
    error = refusal(samples.pdf_bytes(3), max_pages=2)

    assert error_code(error) == "pdf_too_many_pages"
    assert "3" in error.text


def test_refusal_messages_are_vietnamese_by_default():
    assert refusal(samples.exe_bytes()).text.startswith("Tệp này không phải PDF")


def test_pdf_pages_become_png_images_of_the_page_shape():
    images = pdf_page_images(samples.pdf_bytes(2))

    assert len(images) == 2
    for data, width, height in images:
        image = Image.open(io.BytesIO(data))
        assert (image.format, image.size) == ("PNG", (width, height))
        assert width == 1000
        assert abs(height / width - 297 / 210) < 0.01  # A4


def test_pdf_with_javascript_is_accepted_and_shown_as_images_only():
    data = samples.pdf_with_javascript()

    assert inspect_document(data, max_bytes=LIMIT, max_pages=300).page_count == 1
    assert Image.open(io.BytesIO(pdf_page_images(data)[0][0])).format == "PNG"


def test_docx_text_becomes_html_with_headings_paragraphs_and_tables():
    html = docx_html(samples.docx_bytes("Điều 1. Ban hành kèm theo Quyết định này."))

    assert html.startswith("<h1>Dự thảo Quyết định</h1>")
    assert "<p>Điều 1. Ban hành kèm theo Quyết định này.</p>" in html
    assert "<table><tr><td><p>Đơn vị</p></td><td><p>Số đại biểu</p></td></tr>" in html


def test_docx_text_that_looks_like_markup_stays_text():
    html = docx_html(samples.docx_bytes('<script>alert("x")</script><img src=x onerror=y>'))

    assert '&lt;script&gt;alert("x")&lt;/script&gt;&lt;img src=x onerror=y&gt;' in html
    assert "<script" not in html and "<img" not in html


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ('<p onclick="x()">a<script>b()</script>c</p>', "<p>ac</p>"),
        ('<p><a href="javascript:x()">lien ket</a></p>', "<p>lien ket</p>"),
        ('<p><img src="http://tracker.example/x.png">t</p>', "<p>t</p>"),
        ('<tr><td colspan="2" style="x">ô</td></tr>', '<tr><td colspan="2">ô</td></tr>'),
        ('<td colspan="2 onmouseover=x">ô</td>', "<td>ô</td>"),
        ("<p>mở<strong>đậm", "<p>mở<strong>đậm</strong></p>"),
        ("<style>p{}</style><svg><text>x</text></svg><p>&lt;b&gt;</p>", "<p>&lt;b&gt;</p>"),
        ("<p>a</em>b</p>", "<p>ab</p>"),
    ],
)
def test_sanitizer_keeps_known_tags_and_escapes_everything_else(dirty, clean):
    assert sanitize_html(dirty) == clean


def test_page_sizes_known_at_upload_are_those_of_the_drawn_images():
    """The viewer lays pages out from the sizes read at upload, before the
    worker has drawn them: they must be the images' own."""
    data = samples.pdf_bytes(3)

    assert pdf_page_sizes(data) == [(w, h) for _png, w, h in pdf_page_images(data)]
