"""A delegate's pass on their phone: QR (the signed pass code), name, unit, role."""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import render
from django_ratelimit.decorators import ratelimit

from core.qr import qr_svg
from events import permissions
from events import selectors as conference_selectors
from events.models import Registration, RegistrationStatus
from events.selectors import registrations as selectors
from events.selectors.decisions import open_poll_for
from events.selectors.documents import (
    PASS_SESSION_KEY,
    documents_for_conference,
    running_item_documents,
)
from events.selectors.passes import pass_qr_payload


def _render_pass(request, registration: Registration | None, conference):
    context = {"conference": conference, "registration": registration, "valid": False}
    status = 404
    if registration is not None:
        context["valid"] = registration.status == RegistrationStatus.APPROVED
        status = 200 if context["valid"] else 403
        if context["valid"]:
            context["qr"] = qr_svg(pass_qr_payload(registration))
            _remember_pass(request, registration)
            context["documents"] = list(
                documents_for_conference(conference=conference, published_only=True)
            )
            context["open_vote"] = open_poll_for(registration)
            context["now_item"], context["now_documents"] = running_item_documents(
                context["documents"], conference=conference
            )
    response = render(request, "events/registrations/pass.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _remember_pass(request, registration: Registration) -> None:
    """This browser holds the pass: it may read the conference's documents
    (events.selectors.documents.pass_holder) until the pass is reissued."""
    passes = dict(request.session.get(PASS_SESSION_KEY) or {})
    key = str(registration.conference_id)
    if passes.get(key) != registration.code:
        passes[key] = registration.code
        request.session[PASS_SESSION_KEY] = passes


def my_pass(request, slug):
    """Reached from the emailed link; the delegate logs in by code."""
    conference = conference_selectors.conference_get(slug=slug)
    if conference is None:
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    registration = selectors.registration_for_user(conference=conference, user=request.user)
    if registration is None and not permissions.can_view_conference(request.user, conference):
        # "No pass here" would name a private conference to anyone logged in.
        raise Http404
    return _render_pass(request, registration, conference)


@ratelimit(group="pass", key="ip", rate="core.http.public_rate")
def pass_by_code(request, code):
    """A bearer link (exported for Zalo etc.); stops working once reissued."""
    registration = (
        Registration.objects.select_related("conference", "unit", "role")
        .filter(code=code[:64])
        .first()
    )
    if registration is None:
        raise Http404
    return _render_pass(request, registration, registration.conference)
