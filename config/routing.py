"""Websocket routes of every app, collected in one list for asgi.py."""

from events.routing import websocket_urlpatterns as events_websockets
from signing.routing import websocket_urlpatterns as signing_websockets

websocket_urlpatterns: list = [*events_websockets, *signing_websockets]
