"""The production URLs plus ``api/v1/ping/``, a trivial JSON view that is
the check-in benchmark's same-server baseline (see bench/settings.py)."""

from django.http import JsonResponse
from django.urls import path

from config.urls import urlpatterns as production_urlpatterns


def ping(request):
    """A trivial JSON endpoint: the benchmark's baseline."""
    return JsonResponse({"ok": True})


urlpatterns = [path("api/v1/ping/", ping, name="bench_ping"), *production_urlpatterns]
