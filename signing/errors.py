"""Domain errors of the signing app: a stable code and a translated message."""

from django.core.exceptions import ValidationError


class SigningError(ValidationError):
    """Raised by signing services; views show ``messages`` and switch on ``code``."""

    def __init__(self, message, code: str, params=None):
        super().__init__(message, code=code, params=params)
