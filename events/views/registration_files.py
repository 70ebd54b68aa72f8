"""Organizer downloads and uploads: import, exports, attendee list, badges."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from events import permissions
from events.exports.registrations import (
    export_rows,
    template_rows,
    template_xlsx,
    to_csv,
    to_xlsx,
)
from events.forms.registrations import ImportForm
from events.models import RegistrationStatus
from events.selectors import registrations as selectors
from events.services.activity import ActivityMeta
from events.services.import_previews import (
    import_preview_commit,
    import_preview_discard,
    import_preview_store,
)
from events.services.imports import (
    MAX_IMPORT_BYTES,
    ImportFileError,
    check_size,
    import_parse,
    import_run,
)
from events.views.base import conference_view


def manage(view):
    return login_required(conference_view(permissions.can_manage_registrations)(view))


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(body, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _sheet(rows, fmt: str, name: str) -> HttpResponse:
    if fmt == "csv":
        return _download("\ufeff" + to_csv(rows), "text/csv; charset=utf-8", f"{name}.csv")
    return _download(to_xlsx(rows), XLSX, f"{name}.xlsx")


@manage
def import_template(request, conference):
    name = f"mau-dang-ky-dai-bieu-{conference.slug}"
    if request.GET.get("format") == "csv":
        return _sheet(template_rows(conference), "csv", name)
    return _download(template_xlsx(conference), XLSX, f"{name}.xlsx")


SESSION_KEY = "registration_import"


@manage
def registration_import(request, conference):
    """Upload → preview (nothing saved) → confirm (all rows or none) or cancel."""
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"conference": conference, "form": form, "max_mb": MAX_IMPORT_BYTES // 2**20}
    status = 200
    if request.method == "POST" and "token" in request.POST:
        stash = request.session.get(SESSION_KEY, {})
        token = request.POST["token"]
        if stash.get("token") != token or stash.get("conference") != conference.pk:
            messages.error(request, _("This preview has expired; upload the file again."))
            return redirect("events:registration_import", slug=conference.slug)
        del request.session[SESSION_KEY]
        if "cancel" in request.POST:
            import_preview_discard(token=token)
            messages.info(request, _("Import cancelled; nothing was saved."))
            return redirect("events:registration_import", slug=conference.slug)
        try:
            result = import_preview_commit(
                conference=conference,
                token=token,
                filename=stash["filename"],
                approve=stash["approve"],
                created_by=request.user,
                meta=ActivityMeta.from_request(request),
            )
        except ImportFileError as error:
            messages.error(request, error.message)
            return redirect("events:registration_import", slug=conference.slug)
        if result.committed:
            messages.success(request, _("Imported %(n)s registrations.") % {"n": len(result.rows)})
            return redirect("events:registration_list", slug=conference.slug)
        context["result"] = result
        status = 400
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_size(upload.size)
            data = upload.read()
            rows = import_parse(data=data, filename=upload.name)
        except ImportFileError as error:
            form.add_error("file", error.message)
            status = 400
        else:
            result = import_run(
                conference=conference,
                rows=rows,
                commit=False,
                approve=form.cleaned_data["approve"],
            )
            context["result"] = result
            if result.ok:
                previous = request.session.get(SESSION_KEY, {}).get("token")
                token = import_preview_store(data=data, replaces=previous)
                request.session[SESSION_KEY] = {
                    "token": token,
                    "conference": conference.pk,
                    "filename": upload.name,
                    "approve": form.cleaned_data["approve"],
                }
                context["token"] = token
            else:
                status = 400
    elif request.method == "POST":
        status = 400
    return render(request, "events/registrations/import.html", context, status=status)


@manage
def registration_export(request, conference):
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    with_codes = request.GET.get("codes") == "1"
    registrations = selectors.registrations_for_print(
        conference=conference,
        statuses=[s for s in RegistrationStatus.values if s != RegistrationStatus.CANCELLED],
    )
    rows = export_rows(registrations, with_codes=with_codes)
    return _sheet(rows, fmt, f"dai-bieu-{conference.slug}" + ("-ma" if with_codes else ""))


@manage
def attendee_list(request, conference):
    from events.exports.badges_pdf import attendee_list_pdf

    registrations = selectors.registrations_for_print(conference=conference)
    pdf = attendee_list_pdf(conference=conference, registrations=registrations)
    return _download(pdf, "application/pdf", f"danh-sach-dai-bieu-{conference.slug}.pdf")


@manage
def badges(request, conference, pk=None):
    from events.exports.badges_pdf import badges_pdf

    layout = "a6" if request.GET.get("layout") == "a6" or pk else "a4x4"
    if pk is not None:
        registration = get_object_or_404(conference.registrations, pk=pk)
        registrations = selectors.registrations_for_print(
            conference=conference, statuses=RegistrationStatus.values, ids=[registration.pk]
        )
        layout = "a4x4" if request.GET.get("layout") == "a4x4" else "a6"
    else:
        registrations = selectors.registrations_for_print(conference=conference)
    if not registrations:
        messages.warning(request, _("No approved delegates yet: nothing to print."))
        return redirect("events:registration_list", slug=conference.slug)
    pdf = badges_pdf(conference=conference, registrations=registrations, layout=layout)
    name = f"the-dai-bieu-{conference.slug}" + (f"-{pk}" if pk else "")
    return _download(pdf, "application/pdf", f"{name}.pdf")


@manage
def registration_files(request, conference):
    return render(request, "events/registrations/files.html", {"conference": conference})
