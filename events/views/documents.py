"""Documents for delegates: the organizer's page (upload, reorder, publish,
delete) and the reader's (list, viewer, page images, download).

Readers are the conference's staff and its approved delegates, by account
or by the pass link this browser opened (``selectors.documents.pass_holder``).
Others get the login page (anonymous) or 404 (no title, no count). Files are
served only from here, never from a media URL: ``nosniff``, private caching,
originals always as attachments (a PDF's scripts never run in our origin;
the viewer shows our own page images).
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.core.files.uploadhandler import FileUploadHandler
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from core.doc_files import sanitize_html
from core.viewhelpers import apply_validation_error
from events import permissions
from events import selectors as conference_selectors
from events.forms.documents import DocumentUploadForm
from events.selectors import documents as selectors
from events.services import documents as services
from events.services.activity import ActivityMeta
from events.views.base import conference_view

#: Room for the form's other fields and the multipart framing.
MULTIPART_SLACK = 64 * 1024


def manage(view):
    return login_required(conference_view(permissions.can_manage_documents)(view))


def reader(view):
    """The conference named by ``slug`` for those who may read its documents;
    the view gets ``conference`` and whether unpublished ones show."""

    @wraps(view)
    def wrapper(request, slug, *args, **kwargs):
        conference = conference_selectors.conference_get(slug=slug)
        if conference is None:
            raise Http404
        holder = selectors.pass_holder(session=request.session, conference=conference)
        if not permissions.can_read_documents(request.user, conference, pass_holder=holder):
            if holder is None and not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise Http404
        request.document_pass = holder
        return view(request, conference, *args, **kwargs)

    return wrapper


def _published_only(request, conference) -> bool:
    return not permissions.can_manage_documents(request.user, conference)


def _document_or_404(request, conference, pk):
    document = selectors.document_get(
        conference=conference, pk=pk, published_only=_published_only(request, conference)
    )
    if document is None:
        raise Http404
    return document


def _private(response):
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "no-referrer"
    return response


# --- Readers ---------------------------------------------------------------------------


@reader
def document_list(request, conference):
    response = render(
        request,
        "events/documents/list.html",
        {
            "conference": conference,
            "groups": selectors.documents_grouped(conference=conference),
            "document_pass": request.document_pass,
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


@reader
def document_read(request, conference, pk: int):
    document = _document_or_404(request, conference, pk)
    pages = [
        {"number": n, "width": size[0], "height": size[1]}
        for n, size in enumerate(document.page_sizes, start=1)
    ]
    response = render(
        request,
        "events/documents/read.html",
        {
            "conference": conference,
            "document": document,
            "pages": pages,
            "html": sanitize_html(document.html) if not document.is_pdf else "",
            # No worker running (or a long queue): say so rather than promise seconds.
            "pages_late": document.pages_late,
        },
    )
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


@reader
def document_page(request, conference, pk: int, page: int):
    document = _document_or_404(request, conference, pk)
    if (
        not document.is_pdf
        or not document.pages_ready
        or not 1 <= page <= (document.page_count or 0)
    ):
        raise Http404
    path = selectors.document_page_path(document, page)
    if not path.is_file():
        raise Http404
    return _private(HttpResponse(path.read_bytes(), content_type="image/png"))


@reader
def document_download(request, conference, pk: int):
    document = _document_or_404(request, conference, pk)
    path = selectors.document_original_path(document)
    if not path.is_file():
        raise Http404
    # Read whole (at most DOCUMENTS_MAX_BYTES): a file handle left to the
    # response outlives a client that goes away.
    response = HttpResponse(path.read_bytes(), content_type=document.content_type)
    response["Content-Disposition"] = content_disposition_header(
        True, services.safe_filename(document.original_filename)
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return _private(response)


# --- Organizers ------------------------------------------------------------------------


class SizeLimitUploadHandler(FileUploadHandler):
    """Stops a multipart body whose files pass the limit while it streams
    (a chunked upload has no Content-Length to check first)."""

    def __init__(self, request=None, *, limit: int):
        super().__init__(request)
        self.limit = limit
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            raise RequestDataTooBig(_("The file is too large."))
        return raw_data

    def file_complete(self, file_size):
        return None


def _manage_page(request, conference, form, status=200, error=""):
    return render(
        request,
        "events/documents/manage.html",
        {
            "conference": conference,
            "form": form,
            "documents": selectors.documents_for_conference(
                conference=conference, published_only=False
            ),
            "max_mb": settings.DOCUMENTS_MAX_BYTES // 2**20,
            "error": error,
        },
        status=status,
    )


def _form(request, conference, data=None, files=None):
    return DocumentUploadForm(
        data, files, conference=conference, max_mb=settings.DOCUMENTS_MAX_BYTES // 2**20
    )


@csrf_exempt  # checked below, after the size: CSRF's check would parse the body first
@manage
def document_manage(request, conference):
    if request.method == "POST":
        limit = settings.DOCUMENTS_MAX_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length <= limit + MULTIPART_SLACK:
            request.upload_handlers.insert(0, SizeLimitUploadHandler(request, limit=limit))
            try:
                # Parse here, under the size handler: parsed first by the CSRF
                # check, a file just over the limit (its body within the
                # slack) escaped as a bare 400 / the site-wide 413 page.
                request.POST  # noqa: B018
            except RequestDataTooBig:
                length = limit + MULTIPART_SLACK + 1
        if length > limit + MULTIPART_SLACK:
            error = _("The file is larger than %(mb)s MB; nothing was saved.") % {
                "mb": limit // 2**20
            }
            return _manage_page(
                request, conference, _form(request, conference), status=413, error=error
            )
    return _document_manage(request, conference)


@csrf_protect
def _document_manage(request, conference):
    if request.method != "POST":
        return _manage_page(request, conference, _form(request, conference))
    form = _form(request, conference, request.POST, request.FILES)
    if not form.is_valid():
        return _manage_page(request, conference, form, status=400)
    upload = form.cleaned_data["file"]
    try:
        document = services.document_upload(
            conference=conference,
            title=form.cleaned_data["title"],
            kind=form.cleaned_data["kind"],
            agenda_item=form.cleaned_data["agenda_item"],
            published=form.cleaned_data["published"],
            upload=services.Upload(data=upload.read(), filename=upload.name),
            meta=ActivityMeta.from_request(request),
        )
    except ValidationError as error:
        apply_validation_error(form, error)
        return _manage_page(request, conference, form, status=400)
    messages.success(request, _("“%(title)s” was uploaded.") % {"title": document.title})
    return redirect("events:document_manage", slug=conference.slug)


def _managed(conference, pk):
    document = selectors.document_get(conference=conference, pk=pk, published_only=False)
    if document is None:
        raise Http404
    return document


@require_POST
@manage
def document_publish(request, conference, pk: int):
    document = _managed(conference, pk)
    published = request.POST.get("action") == "publish"
    services.document_set_published(
        document=document, published=published, meta=ActivityMeta.from_request(request)
    )
    if published:
        messages.success(request, _("“%(title)s” is now shown to delegates.") % {"title": document})
    else:
        messages.info(request, _("“%(title)s” is hidden from delegates.") % {"title": document})
    return redirect("events:document_manage", slug=conference.slug)


@require_POST
@manage
def document_move(request, conference, pk: int):
    document = _managed(conference, pk)
    try:
        services.document_move(
            document=document,
            direction=request.POST.get("direction", ""),
            meta=ActivityMeta.from_request(request),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("events:document_manage", slug=conference.slug)


@require_POST
@manage
def document_delete(request, conference, pk: int):
    document = _managed(conference, pk)
    title = document.title
    services.document_delete(document=document, meta=ActivityMeta.from_request(request))
    messages.success(request, _("“%(title)s” was deleted.") % {"title": title})
    return redirect("events:document_manage", slug=conference.slug)
