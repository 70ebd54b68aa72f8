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


@pytest.fixture(autouse=True)
def _restore_provinces(request, django_db_blocker):
    """Transactional tests end by flushing every table, the provinces loaded
    by a data migration included; put them back for the tests that follow."""
    yield
    if "transactional_db" not in request.fixturenames:
        return
    from events.models import Province
    from events.provinces import load_provinces

    with django_db_blocker.unblock():
        if not Province.objects.exists():
            load_provinces(Province)
