"""Public verification of a sealed covenant: /verify/<unguessable id>/.

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
from signing.models import CeremonyState


def _ceremony(public_id):
    ceremony = selectors.ceremony_by_public_id(public_id=public_id)
    if ceremony is None or ceremony.state == CeremonyState.CANCELLED:
        raise Http404
    return ceremony


@ratelimit(group="verify", key="ip", rate="core.http.public_rate")
def verify(request, public_id):
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
    ceremony = _ceremony(public_id)
    if ceremony.state != CeremonyState.SEALED:
        raise Http404
    return FileResponse(
        ceremony.pdf.open("rb"), as_attachment=True, filename=f"giao-uoc-{public_id[:8]}.pdf"
    )
