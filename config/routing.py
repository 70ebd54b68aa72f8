"""Websocket routes of every app, collected in one list for asgi.py."""

from signing.routing import websocket_urlpatterns as signing_routes

websocket_urlpatterns: list = [*signing_routes]
