"""The production URL conf carries no benchmark endpoint."""

import pytest
from django.urls import NoReverseMatch, Resolver404, resolve, reverse


def test_production_urls_have_no_ping():
    with pytest.raises(Resolver404):
        resolve("/api/v1/ping/")
    with pytest.raises(NoReverseMatch):
        reverse("events:api_ping")


def test_bench_urls_add_ping_to_the_production_ones(client, settings):
    settings.ROOT_URLCONF = "bench.urls"

    response = client.get("/api/v1/ping/")

    assert response.json() == {"ok": True}
    assert resolve("/api/v1/checkin/").url_name == "api_checkin"
