"""Check-in URLs (included from events/urls.py, in the ``events`` namespace)."""

from django.urls import path

from events.views import api

urlpatterns = [
    path("api/v1/checkin/", api.checkin, name="api_checkin"),
    path("api/v1/checkin/annul/", api.checkin_annul_view, name="api_checkin_annul"),
    path("api/v1/checkin/search/", api.checkin_search, name="api_checkin_search"),
    path("api/v1/checkin/device/", api.device_info, name="api_device_info"),
    path("api/v1/ping/", api.ping, name="api_ping"),
]
