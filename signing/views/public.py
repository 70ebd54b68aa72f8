"""Public verification of a sealed covenant or sealed minutes:
/verify/<unguessable id>/ (each document has its own id).

What the page shows comes from the record frozen at sealing
(``Ceremony.sealed_record``), not from rows that can be edited afterwards;
a check posted here is logged apart from the ceremony's audit chain.
"""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import render
from django_ratelimit.decorators import ratelimit

from signing import selectors, services
from signing.audit import RequestMeta
from signing.errors import SigningError
from signing.forms import VerifyForm
from signing.models import CeremonyState, Minutes, MinutesState
from signing.services.minutes_seal import minutes_pdf_verify


def _minutes(public_id) -> Minutes | None:
    return (
        Minutes.objects.select_related("conference").filter(public_id=public_id).first()
        if public_id
        else None
    )


def _verify_minutes(request, minutes):
    form = VerifyForm(request.POST or None, request.FILES or None)
    result, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            try:
                result = minutes_pdf_verify(
                    minutes=minutes,
                    data=form.cleaned_data["file"].read(services.verify.MAX_UPLOAD + 1),
                    meta=RequestMeta.from_request(request),
                )
            except SigningError as error:
                for message in error.messages:
                    messages.error(request, message)
                status = 400
        else:
            status = 400
    record = minutes.sealed_record if minutes.state == MinutesState.SEALED else {}
    return render(
        request,
        "signing/verify_minutes.html",
        {
            "minutes": minutes,
            "record": record,
            # The record keeps the line as printed ("Số: 01/BB-…"); the page
            # labels it already.
            "number": record.get("number_line", "").removeprefix("Số:").strip(),
            "form": form,
            "result": result,
        },
        status=status,
    )


def _ceremony(public_id):
    ceremony = selectors.ceremony_by_public_id(public_id=public_id)
    if ceremony is None or ceremony.state == CeremonyState.CANCELLED:
        raise Http404
    return ceremony


@ratelimit(group="verify", key="ip", rate="core.http.public_rate")
def verify(request, public_id):
    minutes = _minutes(public_id)
    if minutes is not None:
        return _verify_minutes(request, minutes)
    ceremony = _ceremony(public_id)
    form = VerifyForm(request.POST or None, request.FILES or None)
    result, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = services.pdf_verify(
                    ceremony=ceremony,
                    data=upload.read(services.verify.MAX_UPLOAD + 1),
                    meta=RequestMeta.from_request(request),
                )
            except SigningError as error:
                for message in error.messages:
                    messages.error(request, message)
                status = 400
        else:
            status = 400
    return render(
        request,
        "signing/verify.html",
        {
            "ceremony": ceremony,
            "record": ceremony.sealed_record if ceremony.state == CeremonyState.SEALED else {},
            "covenant": ceremony.covenant,
            "form": form,
            "result": result,
        },
        status=status,
    )


@ratelimit(group="verify", key="ip", rate="core.http.public_rate")
def verify_pdf(request, public_id):
    minutes = _minutes(public_id)
    if minutes is not None:
        if minutes.state != MinutesState.SEALED:
            raise Http404
        return FileResponse(
            minutes.pdf.open("rb"), as_attachment=True, filename=f"bien-ban-{public_id[:8]}.pdf"
        )
    ceremony = _ceremony(public_id)
    if ceremony.state != CeremonyState.SEALED:
        raise Http404
    return FileResponse(
        ceremony.pdf.open("rb"), as_attachment=True, filename=f"giao-uoc-{public_id[:8]}.pdf"
    )
