"""Back-office helpers shared by the apps."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Append-only facts (audit events, signatures, check-ins): shown, never
    added, changed or deleted here, not even by a superuser. The app's
    services are the only way to write them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def register_remaining(app_label: str) -> None:
    """A plain back-office page for every model of ``app_label`` that has no
    tailored one above (check-in rows, agenda state, policies...)."""
    from django.apps import apps

    for model in apps.get_app_config(app_label).get_models():
        if not admin.site.is_registered(model):
            admin.site.register(model)
