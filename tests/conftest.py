import pytest
from django.test import Client

from tests.factories import PASSWORD, ConferenceFactory, MembershipFactory, UserFactory


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
def _site_language():
    """Every test starts in the site's language. A request in English leaves
    English active in its thread (as it would for that request in a server),
    and fixtures of the next test would otherwise name things in English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
