"""Files for the document tests, built in memory: real PDFs (WeasyPrint,
pypdf) and DOCX (python-docx), and hostile ones that lie about what they are."""

import io
import zipfile
from functools import lru_cache

from tests.events.hostile_files import declare_size


@lru_cache(maxsize=8)
def pdf_bytes(pages: int = 2, heading: str = "Dự thảo báo cáo") -> bytes:
    from core.pdf import render_html_pdf

    body = "".join(
        f"<section style='page-break-after: always'><h1>{heading} — trang {n}</h1>"
        f"<p>{'Kết quả công tác thi đua, khen thưởng 6 tháng đầu năm. ' * 30}</p></section>"
        for n in range(1, pages + 1)
    )
    return render_html_pdf(f"<html lang='vi'><body>{body}</body></html>")


def docx_bytes(*paragraphs: str, heading: str = "Dự thảo Quyết định") -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(heading, 1)
    for text in paragraphs or ("Ban hành Quy chế tổ chức và hoạt động của Cụm thi đua.",):
        document.add_paragraph(text)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Đơn vị"
    table.cell(0, 1).text = "Số đại biểu"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def exe_bytes() -> bytes:
    """The start of a Windows program (what a renamed .exe holds)."""
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 2000 + b"PE\x00\x00"


def old_word_doc() -> bytes:
    """An OLE compound file: Word 97-2003's .doc."""
    return bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 4000


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(1))))
    writer.encrypt(user_password="mat-khau", owner_password="chu-so-huu", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_with_javascript() -> bytes:
    """A PDF that runs a script when opened in a reader that allows it."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.actions import JavaScript

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(1))))
    writer.add_open_action(JavaScript("app.alert('xin chao');"))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def truncated_pdf() -> bytes:
    return pdf_bytes(2)[:600]


def docx_declared_huge() -> bytes:
    """A DOCX whose document part claims to unpack to 3 GB."""
    return declare_size(docx_bytes(), "word/document.xml", 3 * 2**30)


def docx_lying_small() -> bytes:
    """A DOCX whose document part claims 10 bytes but unpacks to more."""
    return declare_size(docx_bytes(), "word/document.xml", 10)


def zip_many_members(n: int = 2500) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for i in range(n):
            archive.writestr(f"word/media/x{i}.bin", b"")
    return buffer.getvalue()


def plain_zip() -> bytes:
    """A ZIP that is no Word document (a renamed archive)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "không phải tài liệu")
    return buffer.getvalue()


def docx_with_macros() -> bytes:
    source = zipfile.ZipFile(io.BytesIO(docx_bytes()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for item in source.infolist():
            archive.writestr(item, source.read(item))
        archive.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0macro")
    return buffer.getvalue()
