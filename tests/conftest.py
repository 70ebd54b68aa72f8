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
