"""The news article draft: a page to copy into the province's website, its
HTML download and DOCX, and the photos uploaded for it."""

import base64

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from signing import permissions
from signing.audit import RequestMeta
from signing.errors import SigningError
from signing.exports.news_docx import news_docx
from signing.models import Minutes, NewsPhoto
from signing.news import news_article
from signing.selectors.meeting_facts import meeting_facts
from signing.services.minutes import _default_adopted
from signing.services.news_photos import news_photo_delete, news_photo_update, news_photo_upload
from signing.views.common import conference_view

MAX_UPLOAD = 15 * 1024 * 1024


def _article(conference):
    facts = meeting_facts(conference=conference)
    minutes = Minutes.objects.filter(conference=conference).first()
    adopted = (minutes.sections.get("adopted") if minutes else None) or _default_adopted(facts)
    photos = list(conference.news_photos.all())
    return news_article(facts=facts, adopted=adopted, photos=photos), photos


def _blocks(article: dict, src) -> list[dict]:
    """The article's blocks for a template, each photo with its ``src``."""
    out = []
    for kind, value in article["blocks"]:
        if kind == "p":
            out.append({"kind": "p", "text": value})
        else:
            out.append(
                {
                    "kind": "photo",
                    "src": src(value),
                    "caption": value.caption,
                    "width": value.width,
                    "height": value.height,
                }
            )
    return out


def _page_src(conference):
    return lambda photo: reverse(
        "signing:news_photo_file", args=[conference.slug, photo.pk, "full"]
    )


def _read(photo: NewsPhoto) -> bytes:
    with photo.image.open("rb") as handle:
        return handle.read()


@conference_view(permissions.can_draft_news)
def news(request, conference):
    if request.method == "POST":
        upload = request.FILES.get("photo")
        try:
            if upload is None:
                raise SigningError(_("Choose a photo to upload."), code="no_photo")
            news_photo_upload(
                conference=conference,
                data=upload.read(MAX_UPLOAD + 1),
                caption=request.POST.get("caption", ""),
                meta=RequestMeta.from_request(request),
            )
        except SigningError as error:
            for message in error.messages:
                messages.error(request, message)
            return _page(request, conference, status=400)
        messages.success(request, _("Photo added."))
        return redirect("signing:news", slug=conference.slug)
    return _page(request, conference)


def _page(request, conference, status=200):
    article, photos = _article(conference)
    return render(
        request,
        "signing/news.html",
        {
            "conference": conference,
            "article": article,
            "blocks": _blocks(article, _page_src(conference)),
            "photos": photos,
        },
        status=status,
    )


@conference_view(permissions.can_draft_news)
@require_POST
def news_photo(request, conference, pk):
    photo = get_object_or_404(NewsPhoto, conference=conference, pk=pk)
    meta = RequestMeta.from_request(request)
    if request.POST.get("action") == "delete":
        news_photo_delete(photo=photo, meta=meta)
        messages.success(request, _("Photo deleted."))
    else:
        try:
            position = int(request.POST.get("position", photo.position))
        except ValueError:
            position = photo.position
        news_photo_update(
            photo=photo, caption=request.POST.get("caption", ""), position=position, meta=meta
        )
        messages.success(request, _("Photo saved."))
    return redirect("signing:news", slug=conference.slug)


@conference_view(permissions.can_draft_news)
def news_photo_file(request, conference, pk, size):
    photo = get_object_or_404(NewsPhoto, conference=conference, pk=pk)
    field = {"full": photo.image, "thumb": photo.thumbnail}.get(size)
    if field is None:
        raise Http404
    with field.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@conference_view(permissions.can_draft_news)
def news_html(request, conference):
    article, _photos = _article(conference)
    blocks = _blocks(
        article, lambda photo: "data:image/jpeg;base64," + base64.b64encode(_read(photo)).decode()
    )
    body = render_to_string("signing/news_download.html", {"article": article, "blocks": blocks})
    response = HttpResponse(body, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="tin-bai-{conference.slug}.html"'
    return response


@conference_view(permissions.can_draft_news)
def news_docx_view(request, conference):
    article, _photos = _article(conference)
    response = HttpResponse(
        news_docx(article, _read),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="tin-bai-{conference.slug}.docx"'
    return response
