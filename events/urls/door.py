"""The door desk (included from events/urls, in the ``events`` namespace)."""

from django.urls import path

from events.views import door

urlpatterns = [
    path("c/<slug:slug>/checkin/desk/", door.desk, name="door_desk"),
    path("c/<slug:slug>/checkin/desk/walk-in/", door.walkin_new, name="walkin_new"),
    path(
        "c/<slug:slug>/checkin/desk/walk-in/<int:pk>/approve/",
        door.walkin_approve_view,
        name="walkin_approve",
    ),
    path(
        "c/<slug:slug>/checkin/desk/walk-in/<int:pk>/decline/",
        door.walkin_decline_view,
        name="walkin_decline",
    ),
    path("c/<slug:slug>/checkin/badge/<int:pk>/", door.badge, name="checkin_badge"),
]
