"""The agenda as an A4 PDF, always in Vietnamese (it is printed for the hall)."""

from django.utils.translation import override

from core.pdf import render_pdf


def agenda_pdf(*, conference, items: list) -> bytes:
    with override("vi"):
        return render_pdf("events/agenda/pdf.html", {"conference": conference, "items": items})
