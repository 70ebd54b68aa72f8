"""Websocket routes of the events app (collected by config/routing.py)."""

from django.urls import path

from events.consumers.agenda import AgendaConsumer
from events.consumers.attendance import AttendanceConsumer
from events.consumers.votes import VotesConsumer

websocket_urlpatterns = [
    path("ws/c/<slug:slug>/agenda/", AgendaConsumer.as_asgi()),
    path("ws/c/<slug:slug>/attendance/", AttendanceConsumer.as_asgi()),
    path("ws/c/<slug:slug>/votes/", VotesConsumer.as_asgi()),
]
