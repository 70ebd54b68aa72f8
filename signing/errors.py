"""Domain errors of the signing app (core.errors' one style)."""

from core.errors import DomainError


class SigningError(DomainError):
    """Raised by signing services; views show ``messages`` and switch on ``code``."""
