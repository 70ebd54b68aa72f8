"""The minutes: the organizer's editor (draft, re-generate, finalise, links,
seal, PDF and DOCX) and the signer's page on their own phone."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.qr import qr_svg
from signing import permissions
from signing.audit import RequestMeta
from signing.errors import SigningError
from signing.exports.minutes_docx import minutes_docx
from signing.forms import SignatureForm
from signing.images import decode_data_url
from signing.minutes_document import minutes_context
from signing.models import MinutesRole, MinutesSigner, MinutesState
from signing.services import minutes as service
from signing.services.minutes_seal import minutes_pdf_bytes, minutes_seal, minutes_signers
from signing.views.common import conference_view


def _editor(slug):
    return redirect("signing:minutes", slug=slug)


def _show(request, error: SigningError) -> None:
    for message in error.messages:
        messages.error(request, message)


@conference_view(permissions.can_edit_minutes)
def minutes_edit(request, conference):
    minutes = service.minutes_setup(conference=conference, meta=RequestMeta.from_request(request))
    if request.method == "POST":
        items = {
            key.removeprefix("item-"): value
            for key, value in request.POST.items()
            if key.startswith("item-")
        }
        try:
            service.minutes_update(
                minutes=minutes,
                number=request.POST.get("number", ""),
                opening=request.POST.get("opening", ""),
                items=items,
                adopted=request.POST.get("adopted", ""),
                other=request.POST.get("other", ""),
                secretary_id=request.POST.get("secretary") or None,
                chair_id=request.POST.get("chair") or None,
                meta=RequestMeta.from_request(request),
            )
        except SigningError as error:
            _show(request, error)
        else:
            messages.success(request, _("Minutes saved."))
            return _editor(conference.slug)
    signers = minutes_signers(minutes, images=False)
    context, _images = minutes_context(minutes=minutes, signers=signers, images=False)
    links = request.session.pop("minutes_links", {})
    candidates = list(
        conference.registrations.filter(status="approved").select_related("unit", "role")
    )
    return render(
        request,
        "signing/minutes.html",
        {
            "conference": conference,
            "minutes": minutes,
            "doc": context,
            "signers": signers,
            "items": [
                {
                    "id": item["id"],
                    "title": item["title"],
                    "times": f"{item['start']}–{item['end']}" if item["end"] else item["start"],
                    "text": minutes.sections.get("items", {}).get(str(item["id"]), ""),
                }
                for item in minutes.facts.get("agenda", [])
            ],
            "adopted_text": "\n".join(minutes.sections.get("adopted", [])),
            "candidates": candidates,
            "changes": service.minutes_changes(minutes=minutes)
            if minutes.state == MinutesState.DRAFT
            else [],
            # The SVG is built by core.qr from our own URL: markup, not user text.
            "links": {
                role: {"url": url, "qr": mark_safe(qr_svg(url))}  # noqa: S308
                for role, url in links.items()
            },
            "draft": minutes.state == MinutesState.DRAFT,
            "final": minutes.state == MinutesState.FINAL,
            "sealed": minutes.state == MinutesState.SEALED,
            "all_signed": all(s.has_signed for s in signers),
            "verify_url": request.build_absolute_uri(
                reverse("signing:verify", args=[minutes.public_id])
            ),
        },
    )


@conference_view(permissions.can_edit_minutes)
@require_POST
def minutes_action(request, conference, action):
    minutes = service.minutes_setup(conference=conference)
    meta = RequestMeta.from_request(request)
    try:
        if action == "regenerate":
            changes = service.minutes_regenerate(minutes=minutes, meta=meta)
            messages.success(
                request, _("Facts re-read: %(n)s line(s) changed.") % {"n": len(changes)}
            )
        elif action == "finalise":
            service.minutes_finalise(minutes=minutes, meta=meta)
            messages.success(request, _("The minutes are finalised: ask for the signatures."))
        elif action == "reopen":
            service.minutes_reopen(minutes=minutes, meta=meta)
            messages.success(request, _("The minutes are a draft again."))
        elif action == "seal":
            minutes_seal(minutes=minutes, meta=meta, base_url=request.build_absolute_uri("/"))
            messages.success(request, _("The minutes are sealed."))
        elif action in MinutesRole.values:
            signer = MinutesSigner.objects.get(minutes=minutes, role=action)
            token = service.minutes_link_issue(signer=signer, meta=meta)
            url = request.build_absolute_uri(reverse("signing:minutes_sign", args=[token]))
            request.session["minutes_links"] = {action: url}
        else:
            return HttpResponse(status=404)
    except SigningError as error:
        _show(request, error)
    return _editor(conference.slug)


@conference_view(permissions.can_edit_minutes)
def minutes_pdf(request, conference):
    minutes = service.minutes_setup(conference=conference)
    if minutes.state == MinutesState.SEALED:
        with minutes.pdf.open("rb") as handle:
            data = handle.read()
    else:
        data = minutes_pdf_bytes(minutes=minutes, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bien-ban-{conference.slug}.pdf"'
    return response


@conference_view(permissions.can_edit_minutes)
def minutes_docx_view(request, conference):
    minutes = service.minutes_setup(conference=conference)
    context, images = minutes_context(
        minutes=minutes,
        signers=minutes_signers(minutes),
        base_url=request.build_absolute_uri("/"),
    )
    response = HttpResponse(
        minutes_docx(context, images),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="bien-ban-{conference.slug}.docx"'
    return response


@never_cache
def minutes_sign(request, token):
    """The signer's one-time link, on their own phone, after login by code."""
    try:
        signer = service.minutes_link_resolve(token=token)
    except SigningError as error:
        return render(request, "signing/link_invalid.html", {"error": error}, status=410)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), "account_request_login_code")
    if not service.is_minutes_signer_user(request.user, signer):
        error = SigningError(
            _("This link is for %(name)s. Log in with the address it was sent to.")
            % {"name": signer.full_name},
            code="wrong_account",
        )
        return render(request, "signing/link_invalid.html", {"error": error}, status=403)
    minutes = signer.minutes
    form = SignatureForm(request.POST or None)
    status = 200
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise SigningError(_("The signature image is malformed."), code="malformed")
            service.minutes_sign(
                token=token,
                png=decode_data_url(form.cleaned_data["signature"]),
                consent=form.cleaned_data["consent"],
                seen_text_sha256=form.cleaned_data["text_sha256"],
                meta=RequestMeta.from_request(request),
            )
        except SigningError as error:
            _show(request, error)
            status = 400
        else:
            return render(request, "signing/minutes_signed.html", {"signer": signer})
    context, _images = minutes_context(
        minutes=minutes, signers=minutes_signers(minutes, images=False), images=False
    )
    return render(
        request,
        "signing/minutes_sign.html",
        {
            "signer": signer,
            "doc": context,
            "form": form,
            "text_sha256": minutes.text_sha256,
            "conference": minutes.conference,
        },
        status=status,
    )
