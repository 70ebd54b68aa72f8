import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client, override_settings

from tests.factories import PASSWORD, ConferenceFactory, MembershipFactory, UserFactory


def pytest_configure(config):
    """Settings for the whole test process, made before any test runs."""
    overrides = {
        # Passwords hashed in one PBKDF2 round (tests/hashers.py); the real
        # hashers stay listed, so hashes made by subprocesses still verify.
        "PASSWORD_HASHERS": [
            "tests.hashers.FastPBKDF2PasswordHasher",
            *settings.PASSWORD_HASHERS,
        ],
    }
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if worker:
        overrides.update(_apart_from_other_workers(worker))
    override_settings(**overrides).enable()


def _apart_from_other_workers(worker: str) -> dict:
    """Under pytest-xdist (``-n 2``) each worker gwN has its own files and
    Redis. pytest-django already gives it its own SQL database, whose ids
    are the same as the other worker's: files named after them would clash
    in a shared MEDIA_ROOT, and so would consumer groups in a shared Redis,
    where a test's ``cache.clear()`` (FLUSHDB) would also empty the other
    worker's. Worker gwN uses Redis database ``<REDIS_URL's> + N``."""
    media = Path(settings.MEDIA_ROOT)
    overrides = {"MEDIA_ROOT": media.with_name(f"{media.name}-{worker}")}
    if not settings.REDIS_URL:
        return overrides
    parsed = urlsplit(settings.REDIS_URL)
    db = int(parsed.path.strip("/") or 0) + int(worker.removeprefix("gw"))
    url = parsed._replace(path=f"/{db}").geturl()
    layers = {name: {**layer} for name, layer in settings.CHANNEL_LAYERS.items()}
    for layer in layers.values():
        layer["CONFIG"] = {
            **layer["CONFIG"],
            "hosts": [{**host, "address": url} for host in layer["CONFIG"]["hosts"]],
        }
    caches = {name: {**cache, "LOCATION": url} for name, cache in settings.CACHES.items()}
    return {**overrides, "REDIS_URL": url, "CHANNEL_LAYERS": layers, "CACHES": caches}


@pytest.fixture
def conference(db):
    return ConferenceFactory()


@pytest.fixture
def make_member(db):
    """A logged-in client for a user with ``role`` in ``conference``."""

    def make(conference, role, **kwargs):
        membership = MembershipFactory(conference=conference, role=role, **kwargs)
        client = Client()
        client.force_login(membership.user)
        return client, membership.user

    return make


@pytest.fixture
def media_root(settings, tmp_path):
    """An empty MEDIA_ROOT of the test's own, for code that writes files."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def site_admin(db):
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.fixture
def admin_client_(site_admin):
    client = Client()
    client.force_login(site_admin)
    return client


@pytest.fixture
def password():
    return PASSWORD


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return "transactional_db" in request.fixturenames or bool(
        marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    )


@pytest.fixture(autouse=True)
def _restore_provinces(request, django_db_blocker):
    """A transactional test ends by flushing every table, the provinces loaded
    by a data migration included. pytest-django runs those tests last, so each
    of them puts the provinces back first (outside any wrapping transaction)."""
    if _is_transactional(request):
        from events.models import Province
        from events.provinces import load_provinces

        request.getfixturevalue("django_db_setup")
        with django_db_blocker.unblock():
            if not Province.objects.exists():
                load_provinces(Province)
    yield


@pytest.fixture(autouse=True)
def _fresh_channel_layer():
    """Every test starts with a new channel layer, as a new server process
    would. pytest-asyncio gives each test its own event loop, and
    channels-redis keeps an asyncio lock per channel in the layer: a lock an
    earlier test left bound to its loop fails the next receive that has to
    wait on it ("bound to a different event loop") in whichever consumer
    test comes next in that process, which xdist's scheduling varies."""
    from channels.layers import channel_layers

    channel_layers.backends.clear()


@pytest.fixture(autouse=True)
def _site_language():
    """Every test starts in the site's language. A request in English leaves
    English active in its thread (as it would for that request in a server),
    and fixtures of the next test would otherwise name things in English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
