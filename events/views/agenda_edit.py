"""The organizer's agenda editor (thin: forms in, services do the work)."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import error_code
from core.viewhelpers import apply_validation_error
from events import permissions
from events.forms.agenda import AgendaItemForm
from events.models import Conference
from events.selectors.agenda import (
    agenda_copy_sources,
    agenda_items,
    agenda_state,
    agenda_warnings,
)
from events.services import agenda as agenda_services
from events.services import agenda_templates
from events.views.base import conference_view

can_edit = permissions.can_edit_agenda


def _editor_url(conference) -> str:
    return reverse("events:agenda_edit", kwargs={"slug": conference.slug})


@conference_view(can_edit)
def agenda_edit(request, conference):
    form = AgendaItemForm(request.POST or None, conference=conference)
    if request.method == "POST" and form.is_valid():
        try:
            agenda_services.agenda_item_create(conference=conference, **form.service_kwargs())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Item added."))
            return redirect(_editor_url(conference))
    items = list(agenda_items(conference=conference))
    warnings = agenda_warnings(conference=conference, items=items)
    return render(
        request,
        "events/agenda/edit.html",
        {
            "conference": conference,
            "items": items,
            "state": agenda_state(conference=conference),
            "warnings": warnings,
            "warning_ids": {warning.item_id for warning in warnings},
            "form": form,
            "copy_sources": agenda_copy_sources(conference=conference),
        },
    )


@conference_view(can_edit)
def agenda_item_edit(request, conference, pk: int):
    item = get_object_or_404(conference.agenda_items, pk=pk)
    form = AgendaItemForm(
        request.POST or None, conference=conference, initial=AgendaItemForm.initial_for(item)
    )
    if request.method == "POST" and form.is_valid():
        try:
            agenda_services.agenda_item_update(item=item, **form.service_kwargs())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Item saved."))
            return redirect(_editor_url(conference))
    return render(
        request,
        "events/agenda/item_form.html",
        {"conference": conference, "item": item, "form": form},
    )


def _run(request, conference, action, success: str):
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect(_editor_url(conference))


@require_POST
@conference_view(can_edit)
def agenda_item_delete(request, conference, pk: int):
    item = get_object_or_404(conference.agenda_items, pk=pk)
    return _run(
        request,
        conference,
        lambda: agenda_services.agenda_item_delete(item=item),
        _("Item deleted."),
    )


@require_POST
@conference_view(can_edit)
def agenda_item_move(request, conference, pk: int):
    item = get_object_or_404(conference.agenda_items, pk=pk)
    direction = request.POST.get("direction", "")
    return _run(
        request,
        conference,
        lambda: agenda_services.agenda_item_move(item=item, direction=direction),
        _("Item moved."),
    )


@require_POST
@conference_view(can_edit)
def agenda_reorder(request, conference):
    """Drag and drop: the whole order as JSON ``{"items": [ids...]}``."""
    try:
        ids = json.loads(request.body or b"{}").get("items")
        ids = [int(pk) for pk in ids]
    except (ValueError, TypeError, AttributeError):
        return JsonResponse(
            {"ok": False, "code": "malformed", "message": _("Malformed request.")}, status=400
        )
    try:
        agenda_services.agenda_reorder(conference=conference, item_ids=ids)
    except ValidationError as error:
        return JsonResponse(
            {"ok": False, "code": error_code(error), "message": " ".join(error.messages)},
            status=409,
        )
    return JsonResponse({"ok": True})


@require_POST
@conference_view(can_edit)
def agenda_starter(request, conference):
    return _run(
        request,
        conference,
        lambda: agenda_templates.agenda_load_starter(conference=conference),
        _("The typical agenda was loaded; adjust titles and durations."),
    )


@require_POST
@conference_view(can_edit)
def agenda_copy(request, conference):
    source_id = request.POST.get("source", "")
    source = Conference.objects.filter(pk=int(source_id) if source_id.isdigit() else 0).first()
    if source is None or not permissions.can_view_conference(request.user, source):
        messages.error(request, _("Choose an earlier conference of this cluster."))
        return redirect(_editor_url(conference))
    return _run(
        request,
        conference,
        lambda: agenda_templates.agenda_copy_from(conference=conference, source=source),
        _("The agenda was copied."),
    )
