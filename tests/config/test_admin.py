import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client
from django.urls import reverse

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
    assert str(model._meta.verbose_name_plural) in response.content.decode().lower()
