"""Template filters for the decisions pages: ``{% load decisions %}``."""

from django import template

from events.tally import Outcome

register = template.Library()


@register.filter
def outcome_label(code: str) -> str:
    """A stored outcome code ("passed") as the reader's language names it."""
    return Outcome.label_of(code)
