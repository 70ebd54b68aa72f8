"""Check-in URLs (included from events/urls.py, in the ``events`` namespace)."""

from django.urls import path

from events.views import api, attendance, checkin, offline, self_checkin

urlpatterns = [
    path("api/v1/checkin/", api.checkin, name="api_checkin"),
    path("api/v1/checkin/annul/", api.checkin_annul_view, name="api_checkin_annul"),
    path("api/v1/checkin/search/", api.checkin_search, name="api_checkin_search"),
    path("api/v1/checkin/device/", api.device_info, name="api_device_info"),
    path("api/v1/checkin/roster/", offline.roster, name="api_checkin_roster"),
    path("api/v1/checkin/sync/", offline.sync, name="api_checkin_sync"),
    # Root-scoped so the worker may control the scanner, pass and agenda pages.
    path("sw.js", offline.service_worker, name="service_worker"),
    path("manifest.webmanifest", offline.manifest, name="web_manifest"),
    path("scanner/", checkin.device_scanner, name="device_scanner"),
    path("scanner/pair/<str:secret>/", checkin.device_pair_view, name="device_pair"),
    path("c/<slug:slug>/checkin/", checkin.checkin_setup, name="checkin_setup"),
    path("c/<slug:slug>/checkin/lists/new/", checkin.list_create, name="checkin_list_create"),
    path(
        "c/<slug:slug>/checkin/lists/<slug:list_slug>/",
        checkin.list_edit,
        name="checkin_list_edit",
    ),
    path("c/<slug:slug>/checkin/devices/new/", checkin.device_create_view, name="device_create"),
    path(
        "c/<slug:slug>/checkin/devices/<int:pk>/",
        checkin.device_detail,
        name="device_detail",
    ),
    path(
        "c/<slug:slug>/checkin/devices/<int:pk>/revoke/",
        checkin.device_revoke_view,
        name="device_revoke",
    ),
    path("c/<slug:slug>/checkin/scan/", checkin.staff_scanner, name="staff_scanner"),
    path("c/<slug:slug>/checkin/entrance/", self_checkin.entrance_setup, name="checkin_entrance"),
    path(
        "c/<slug:slug>/checkin/entrance/new/",
        self_checkin.entrance_display_create_view,
        name="entrance_display_create",
    ),
    path(
        "c/<slug:slug>/checkin/entrance/<int:pk>/",
        self_checkin.entrance_display_detail,
        name="entrance_display_detail",
    ),
    path(
        "c/<slug:slug>/checkin/entrance/<int:pk>/revoke/",
        self_checkin.entrance_display_revoke_view,
        name="entrance_display_revoke",
    ),
    # The paired display at the door: device token (cookie scoped to /entrance/) only.
    path("entrance/", self_checkin.entrance_display, name="entrance_display"),
    path("entrance/code/", self_checkin.entrance_display_code, name="entrance_display_code"),
    path(
        "entrance/pair/<str:secret>/",
        self_checkin.entrance_display_pair_view,
        name="entrance_display_pair",
    ),
    path("c/<slug:slug>/attendance/", attendance.dashboard, name="attendance"),
    path("c/<slug:slug>/self-check-in/<str:token>/", self_checkin.landing, name="self_checkin"),
    path(
        "c/<slug:slug>/self-check-in-confirm/",
        self_checkin.confirm,
        name="self_checkin_confirm",
    ),
]
