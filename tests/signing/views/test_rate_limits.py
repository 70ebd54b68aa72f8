"""The public verification page is rate limited per client IP (item 15)."""

from django.core.cache import cache
from django.test import Client


def test_verify_page_over_the_limit_answers_429_page(db, settings):
    cache.clear()
    settings.TRUSTED_PROXY_COUNT = 0
    settings.RATELIMIT_RATES = {**settings.RATELIMIT_RATES, "verify": "3/h"}
    client = Client(REMOTE_ADDR="203.0.113.7")
    client.cookies["django_language"] = "en"

    answers = [client.get(f"/verify/guess{n}/").status_code for n in range(4)]
    limited = client.get("/verify/guess9/covenant.pdf")

    assert answers == [404, 404, 404, 429]
    assert limited.status_code == 429
    assert "Too many requests" in limited.content.decode()
    cache.clear()
