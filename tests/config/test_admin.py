import pytest
from django.apps import apps
from django.contrib import admin
from django.db.models import RestrictedError
from django.test import Client, RequestFactory
from django.urls import reverse

from events.models import Checkin, Registration
from tests.factories import RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db

MODELS = [
    model for label in ("events", "signing") for model in apps.get_app_config(label).get_models()
]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_back_office_lists_every_model(model, site_admin):
    assert admin.site.is_registered(model)
    client = Client()
    client.force_login(site_admin)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = client.get(url)
    # Lower-cased on both sides: a name may hold a proper noun ("Ban kiểm phiếu").
    assert str(model._meta.verbose_name_plural).lower() in response.content.decode().lower()


# --- The back office goes through allauth's login (item 11) ------------------


def test_back_office_login_page_redirects_to_the_site_login():
    response = Client().get("/back-office/login/?next=/back-office/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fback-office%2F"


def test_back_office_login_refuses_a_password_without_the_second_factor(password):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    staff = UserFactory(is_staff=True, is_superuser=True)
    TOTP.activate(staff, generate_totp_secret())
    client = Client()
    client.post("/back-office/login/", {"username": staff.email, "password": password})
    page = client.get("/back-office/", follow=True)
    assert not page.wsgi_request.user.is_authenticated
    assert page.request["PATH_INFO"] == "/accounts/login/"


def test_back_office_refuses_a_logged_in_user_who_is_not_staff():
    client = Client()
    client.force_login(UserFactory())
    response = client.get("/back-office/login/")
    assert response.status_code == 403


# --- Append-only facts are read-only (item 11) -----------------------------------

READ_ONLY = [
    ("signing", "auditevent"),
    ("signing", "ceremony"),
    ("signing", "signatory"),
    ("signing", "signinglink"),
    ("signing", "kiosksession"),
    ("events", "checkin"),
]


@pytest.mark.parametrize(("app_label", "model_name"), READ_ONLY)
def test_back_office_offers_no_add_change_or_delete_of_facts(app_label, model_name, site_admin):
    model = apps.get_model(app_label, model_name)
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/back-office/")
    request.user = site_admin
    assert (
        model_admin.has_add_permission(request),
        model_admin.has_change_permission(request),
        model_admin.has_delete_permission(request),
        model_admin.has_view_permission(request),
    ) == (False, False, False, True)


@pytest.fixture
def checked_in(db):
    from events.services.checkin import checkin_list_main, checkin_perform

    registration = RegistrationFactory(full_name="Lê Văn Hội")
    checkin_list = checkin_list_main(conference=registration.conference)
    checkin_perform(
        conference=registration.conference,
        checkin_list=checkin_list,
        code=registration.code,
        nonce="n-1",
    )
    return registration


def test_back_office_refuses_a_superuser_changing_a_check_in(checked_in, admin_client_):
    checkin = Checkin.objects.get(registration=checked_in)
    url = reverse("admin:events_checkin_change", args=[checkin.pk])
    response = admin_client_.post(url, {"method": "manual", "annulled_at_0": "2026-03-20"})
    assert response.status_code == 403
    checkin.refresh_from_db()
    assert (checkin.method, checkin.annulled_at) == ("camera", None)


def test_back_office_refuses_a_superuser_changing_a_signatory(admin_client_, conference):
    from signing.services import ceremony_setup

    RegistrationFactory(conference=conference, full_name="Lê Văn Hội", role_code="director")
    signatory = ceremony_setup(conference=conference).signatories.first()
    url = reverse("admin:signing_signatory_change", args=[signatory.pk])
    response = admin_client_.post(url, {"full_name": "Người Khác", "email": "x@evil.example"})
    assert response.status_code == 403
    signatory.refresh_from_db()
    assert signatory.full_name != "Người Khác"


def test_back_office_keeps_a_registration_that_has_check_ins(checked_in, admin_client_):
    url = reverse("admin:events_registration_delete", args=[checked_in.pk])
    admin_client_.cookies["django_language"] = "en"
    response = admin_client_.post(url, {"post": "yes"}, follow=True)
    assert Registration.objects.filter(pk=checked_in.pk).exists()
    assert Checkin.objects.filter(registration_id=checked_in.pk).count() == 1
    assert [str(m) for m in response.context["messages"]] == [
        "Lê Văn Hội has check-ins, so the registration cannot be deleted. Cancel it instead."
    ]


def test_back_office_bulk_delete_keeps_a_registration_that_has_check_ins(checked_in, admin_client_):
    url = reverse("admin:events_registration_changelist")
    admin_client_.post(
        url, {"action": "delete_selected", "_selected_action": [checked_in.pk], "post": "yes"}
    )
    assert Registration.objects.filter(pk=checked_in.pk).exists()
    assert Checkin.objects.filter(registration_id=checked_in.pk).count() == 1


def test_deleting_a_registration_with_check_ins_is_refused_and_keeps_them(checked_in):
    with pytest.raises(RestrictedError):
        checked_in.delete()
    assert Checkin.objects.filter(registration_id=checked_in.pk).count() == 1


def test_deleting_a_registration_without_check_ins_still_works(db):
    registration = RegistrationFactory()
    registration.delete()
    assert not Registration.objects.filter(pk=registration.pk).exists()
