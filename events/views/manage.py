"""Site administrators: clusters, their units and terms, new conferences."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.viewhelpers import apply_validation_error
from events import selectors
from events.forms import ClusterForm, ClusterTermForm, ConferenceForm, MemberUnitForm
from events.models import Cluster
from events.services import clusters as cluster_services
from events.services import conferences as conference_services
from events.views.base import site_admin_required


@site_admin_required
def cluster_list(request):
    form = ClusterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cluster = cluster_services.cluster_create(**form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Cluster created."))
            return redirect(cluster)
    return render(
        request,
        "events/manage/cluster_list.html",
        {"clusters": selectors.cluster_list(), "form": form},
    )


@site_admin_required
def cluster_detail(request, slug):
    cluster = get_object_or_404(Cluster, slug=slug)
    return render(request, "events/manage/cluster_detail.html", _cluster_context(cluster))


def _cluster_context(cluster, *, unit_form=None, term_form=None):
    return {
        "cluster": cluster,
        "units": selectors.cluster_units(cluster=cluster),
        "terms": cluster.terms.select_related("chair", "deputy").prefetch_related("members"),
        "unit_form": unit_form or MemberUnitForm(),
        "term_form": term_form or ClusterTermForm(cluster=cluster),
    }


@site_admin_required
@require_POST
def unit_add(request, slug):
    cluster = get_object_or_404(Cluster, slug=slug)
    form = MemberUnitForm(request.POST)
    if form.is_valid():
        try:
            cluster_services.unit_create(cluster=cluster, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Member unit added."))
            return redirect(cluster)
    return render(
        request,
        "events/manage/cluster_detail.html",
        _cluster_context(cluster, unit_form=form),
        status=400,
    )


@site_admin_required
@require_POST
def term_add(request, slug):
    cluster = get_object_or_404(Cluster, slug=slug)
    form = ClusterTermForm(request.POST, cluster=cluster)
    if form.is_valid():
        try:
            cluster_services.term_create(cluster=cluster, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Term added."))
            return redirect(cluster)
    return render(
        request,
        "events/manage/cluster_detail.html",
        _cluster_context(cluster, term_form=form),
        status=400,
    )


@site_admin_required
def conference_create(request):
    form = ConferenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            conference = conference_services.conference_create(**form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Conference created. Now name its organizers."))
            return redirect("events:conference_staff", slug=conference.slug)
    return render(request, "events/manage/conference_form.html", {"form": form})
