"""``{% send_key %}``: the one-time key of a send form, so that a double
click (or a reload that submits again) sends once."""

import secrets

from django import template

register = template.Library()


@register.simple_tag
def send_key() -> str:
    return secrets.token_urlsafe(18)
