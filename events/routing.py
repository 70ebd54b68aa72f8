"""Websocket routes of the events app (included from config/routing.py)."""

from django.urls import path

from events.consumers.agenda import AgendaConsumer

websocket_urlpatterns = [
    path("ws/c/<slug:slug>/agenda/", AgendaConsumer.as_asgi()),
]
