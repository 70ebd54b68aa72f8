from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigningConfig(AppConfig):
    name = "signing"
    verbose_name = _("Covenant signing")

    def ready(self):
        from events.services.registrations import registration_follower_add
        from signing.services.registrations import FOLLOWER

        registration_follower_add(FOLLOWER)

        from events.demo import demo_extend
        from signing.demo import load_signing_demo

        demo_extend(load_signing_demo)

        from signing.demo_minutes import load_minutes_demo

        demo_extend(load_minutes_demo)
