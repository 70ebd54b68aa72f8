"""ASGI entry point: HTTP through Django (one thread hop per request, see
config/handlers.py), websockets through Channels."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Set Django up first so models are ready before routing imports them.
django.setup(set_prefix=False)

from django.conf import settings  # noqa: E402

from config.handlers import ThreadedASGIHandler  # noqa: E402

django_asgi_app = ThreadedASGIHandler(threads=settings.HTTP_THREADS)

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from config.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
