"""Template filters for every page: ``{% load site %}``."""

from django import template

from core.text import email_masked, page_title, percent_display

register = template.Library()

register.filter("email_masked", email_masked)
register.filter("page_title", page_title)
register.filter("percent_display", percent_display)
