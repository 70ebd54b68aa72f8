"""Render a normal 20-page draft (dense A4 text, WeasyPrint-made) for the
phone reader as an upload does: type check (pypdf), page images (pdfium →
32-colour PNG, 1000 px wide), and a 30-paragraph DOCX to sanitised HTML.
Prints seconds (median of 3) and bytes per page, and in the same run the
baseline of rendering the pages alone (pdfium bitmaps, no encoding) and the
WebP and JPEG sizes of the same bitmaps for comparison.

Goal (issue 14.3): under 1 s in the request for a 20-page draft, else say
so. The request now checks the type and reads the page sizes; the images
are drawn by the task worker (events.tasks.document_render).
Run: DJANGO_DEBUG=1 .venv/bin/python bench/document_render.py
"""

import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

import pypdfium2 as pdfium  # noqa: E402

from core.doc_files import (  # noqa: E402
    PAGE_WIDTH_PX,
    docx_html,
    inspect_document,
    pdf_page_images,
    pdf_page_sizes,
)
from tests.events.document_samples import docx_bytes, pdf_bytes  # noqa: E402


def timed(fn, runs=3):
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main():
    pdf = pdf_bytes(20)
    docx = docx_bytes(
        *[f"Điều {n}. " + "Nội dung quy chế hoạt động của Cụm. " * 12 for n in range(30)]
    )
    print(f"input: 20-page PDF {len(pdf) / 1024:.0f} KB, DOCX {len(docx) / 1024:.0f} KB")

    check, _ = timed(lambda: inspect_document(pdf, max_bytes=20 * 2**20, max_pages=300))
    print(f"type check (pypdf)            {check:.3f} s")

    def bitmaps():
        document = pdfium.PdfDocument(pdf)
        images = [
            document[i].render(scale=PAGE_WIDTH_PX / document[i].get_width()).to_pil()
            for i in range(len(document))
        ]
        document.close()
        return images

    base, images = timed(bitmaps)
    print(f"baseline: pdfium bitmaps only {base:.3f} s")
    render, pages = timed(lambda: pdf_page_images(pdf))
    sizes = [len(page[0]) for page in pages]
    print(
        f"page images (PNG, 32 colours) {render:.3f} s, "
        f"{statistics.mean(sizes) / 1024:.0f} KB/page, {sum(sizes) / 1024:.0f} KB in all"
    )
    for fmt, options in (("WEBP", {"quality": 60}), ("JPEG", {"quality": 70})):
        total = 0
        for image in images:
            buffer = io.BytesIO()
            image.convert("RGB").save(buffer, fmt, **options)
            total += len(buffer.getvalue())
        print(f"  same pages as {fmt} {options}: {total / len(images) / 1024:.0f} KB/page")
    word, html = timed(lambda: docx_html(docx))
    print(f"DOCX → sanitised HTML         {word:.3f} s, {len(html) / 1024:.0f} KB")
    boxes, _ = timed(lambda: pdf_page_sizes(pdf))
    print(f"page sizes from the boxes     {boxes:.3f} s")
    total = check + boxes
    verdict = "under" if total < 1 else "OVER"
    print(
        f"upload request of the 20-page PDF: {total:.2f} s ({verdict} the 1 s goal); "
        f"the page images follow in the task worker ({render:.2f} s; "
        f"in the request before: {check + render:.2f} s)"
    )


if __name__ == "__main__":
    main()
