"""Copies of a registration that other apps keep (the signing app copies the
signer's email into its signatory).

The events app imports no other app. An app that keeps such a copy registers
a follower here from its ``AppConfig.ready()``; the registration services ask
the followers whether an email is pinned, and tell them when it changed or
when the person no longer takes part.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from events.models import Registration


@dataclass(frozen=True)
class RegistrationFollower:
    # True when the registration's email is bound to something a liaison must
    # not redirect (a signing link goes there).
    pins_email: Callable[[Registration], bool]
    # The organizer changed the email: (registration, old email, by user).
    email_changed: Callable[[Registration, str, object], None]
    # The person no longer takes part as this registration: declined,
    # cancelled, or edited into someone else. (registration, by user)
    left: Callable[[Registration, object], None]


_followers: list[RegistrationFollower] = []


def registration_follower_add(follower: RegistrationFollower) -> None:
    if follower not in _followers:
        _followers.append(follower)


def email_pinned(registration: Registration) -> bool:
    return any(follower.pins_email(registration) for follower in _followers)


def notify_email_changed(registration: Registration, old_email: str, by) -> None:
    for follower in _followers:
        follower.email_changed(registration, old_email, by)


def notify_left(registration: Registration, by) -> None:
    for follower in _followers:
        follower.left(registration, by)
