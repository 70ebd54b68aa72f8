from django.urls import path

from signing.consumers import SigningGridConsumer

websocket_urlpatterns = [
    path("ws/c/<slug:slug>/signing/", SigningGridConsumer.as_asgi()),
]
