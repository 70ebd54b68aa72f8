"""Back office. The app's own pages are the way to work; this is for repairs."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin, register_remaining
from events.models import (
    Checkin,
    CheckinRefusal,
    Cluster,
    ClusterTerm,
    Conference,
    DelegateRole,
    Membership,
    MemberUnit,
    Province,
    Registration,
    User,
)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_active", "is_staff", "is_superuser"]
    search_fields = ["email", "name"]
    fieldsets = [
        (None, {"fields": ["email", "name", "password"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "valid_from", "valid_to"]
    list_filter = ["kind", "valid_to"]
    search_fields = ["name", "search_key", "code"]
    filter_horizontal = ["successors"]


class MemberUnitInline(admin.TabularInline):
    model = MemberUnit
    extra = 0
    fields = ["name", "short_name", "province", "slug"]
    autocomplete_fields = ["province"]


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ["name", "sector"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MemberUnitInline]


@admin.register(MemberUnit)
class MemberUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "province", "cluster"]
    list_filter = ["cluster"]
    search_fields = ["name", "search_key"]
    autocomplete_fields = ["province"]


@admin.register(ClusterTerm)
class ClusterTermAdmin(admin.ModelAdmin):
    list_display = ["cluster", "year", "chair", "deputy"]
    list_filter = ["cluster"]
    filter_horizontal = ["members"]


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "conference"
    extra = 0
    fields = ["user", "role", "unit"]
    raw_id_fields = ["user"]


@admin.register(Conference)
class ConferenceAdmin(admin.ModelAdmin):
    list_display = ["title", "starts_at", "status", "is_public"]
    list_filter = ["status", "kind", "is_public"]
    search_fields = ["title", "slug"]
    inlines = [MembershipInline]


@admin.register(DelegateRole)
class DelegateRoleAdmin(admin.ModelAdmin):
    list_display = ["name", "conference", "position", "may_sign", "counts_toward_quota"]
    list_filter = ["conference"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "conference", "unit", "role", "status"]
    list_filter = ["conference", "status", "role__code"]
    search_fields = ["search_key", "email"]
    raw_id_fields = ["user"]

    def delete_view(self, request, object_id, extra_context=None):
        """Attendance is a fact: a registration with check-ins is kept (the
        database refuses too); cancelling it is the way to take it back."""
        registration = self.get_object(request, object_id)
        if registration is not None and registration.checkins.exists():
            messages.error(
                request,
                _(
                    "%(name)s has check-ins, so the registration cannot be deleted. "
                    "Cancel it instead."
                )
                % {"name": registration.full_name},
            )
            return redirect(reverse("admin:events_registration_change", args=[registration.pk]))
        return super().delete_view(request, object_id, extra_context)


@admin.register(Checkin)
class CheckinAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "checkin_list", "method", "created_at", "annulled_at"]
    list_filter = ["checkin_list__conference", "method"]


@admin.register(CheckinRefusal)
class CheckinRefusalAdmin(ReadOnlyAdmin):
    list_display = ["result", "conference", "checkin_list", "method", "created_at"]
    list_filter = ["conference", "result"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "conference", "role", "unit"]
    list_filter = ["role", "conference"]
    raw_id_fields = ["user"]


register_remaining("events")
