"""One error style for every app (pretix's ``CheckInError(msg, code)``).

A service that refuses raises a ``DomainError``: a translated message and a
stable ``code`` that views, the API, sockets and tests switch on. It is a
Django ``ValidationError``, so forms show it where it belongs (``field``)
and views that already catch ValidationError keep working. ``error_code``
reads the code of any of them, ValidationErrors from ``full_clean`` too.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError


class DomainError(ValidationError):
    """A refusal with a stable ``code`` and a translated ``message``."""

    def __init__(self, message, code: str, params=None, *, field: str | None = None):
        if field is None:
            super().__init__(message, code=code, params=params)
        else:
            super().__init__({field: [ValidationError(message, code=code, params=params)]})
        self.code = code
        self.field = field

    @property
    def text(self) -> str:
        """The message with its parameters filled in, in the active language."""
        return " ".join(self.messages)


def error_code(error: BaseException) -> str:
    """The stable code of a refusal: a DomainError's own, else the first code
    a ValidationError carries (``"invalid"`` when it has none)."""
    code = getattr(error, "code", None)
    if isinstance(code, str) and code:
        return code
    if isinstance(error, ValidationError):
        details = (
            [e for errors in error.error_dict.values() for e in errors]
            if hasattr(error, "error_dict")
            else error.error_list
        )
        for detail in details:
            if detail.code:
                return detail.code
    return "invalid"


def field_error(field: str, message, code: str) -> DomainError:
    """A refusal that belongs to one form field."""
    return DomainError(message, code, field=field)
