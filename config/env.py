"""Reading configuration from the environment (HackSoft's ``config/env.py`` idea).

Every setting that differs between a laptop and a server comes from an
environment variable with a safe development default.
"""

import os
from urllib.parse import urlsplit

import dj_email_url
from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}.")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


# EMAIL_URL schemes (README) and the dj-email-url scheme each is read as.
# dj-email-url calls the in-memory backend "memory", and its "smtps" means
# STARTTLS (with a deprecation warning): ours is implicit TLS, port 465.
EMAIL_SCHEMES = {"console": "console", "locmem": "memory", "smtp": "smtp", "smtps": "smtp"}
SMTP_TIMEOUT = 10  # seconds, unless the URL says ?timeout=


def email_settings(url: str) -> dict[str, object]:
    """Translate ``EMAIL_URL`` into Django's EMAIL_* settings (dj-email-url).

    ``console://`` (default), ``locmem://``, ``smtp://user:pass@host:587?tls=1``
    or ``smtps://user:pass@host:465`` (implicit TLS).
    """
    scheme, _sep, rest = url.partition("://")
    if scheme not in EMAIL_SCHEMES:
        raise ImproperlyConfigured(f"EMAIL_URL scheme must be one of {sorted(EMAIL_SCHEMES)}.")
    parsed = dj_email_url.parse(f"{EMAIL_SCHEMES[scheme]}://{rest}")
    settings: dict[str, object] = {"EMAIL_BACKEND": parsed["EMAIL_BACKEND"]}
    if scheme in {"smtp", "smtps"}:
        implicit_tls = scheme == "smtps"
        settings.update(
            EMAIL_HOST=parsed["EMAIL_HOST"],
            EMAIL_PORT=parsed["EMAIL_PORT"] if not implicit_tls else urlsplit(url).port or 465,
            EMAIL_HOST_USER=parsed["EMAIL_HOST_USER"] or "",
            EMAIL_HOST_PASSWORD=parsed["EMAIL_HOST_PASSWORD"] or "",
            EMAIL_USE_SSL=implicit_tls or parsed["EMAIL_USE_SSL"],
            EMAIL_USE_TLS=not implicit_tls and parsed["EMAIL_USE_TLS"],
            EMAIL_TIMEOUT=parsed["EMAIL_TIMEOUT"] or SMTP_TIMEOUT,
        )
    return settings
