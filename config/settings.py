"""Hội nghị settings: one module, driven by the environment.

See README.md for the variables. Development defaults are safe; outside
DEBUG a missing secret key stops the process instead of running insecurely.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import email_settings, env_bool, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random value in production, "
            "or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105 (DEBUG only)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "channels",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "django_ratelimit",
    "core",
    "events",
    "signing",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.VietnameseFirstLocaleMiddleware",
    "config.middleware.ApiErrorMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "events.middleware.StaffSessionMiddleware",
]

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"
# Threads per ASGI process that run Django's sync stack (config/handlers.py);
# each keeps one database connection.
HTTP_THREADS = int(env_str("HTTP_THREADS", "8"))
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "events.context_processors.navigation",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
# SQLite by default (WAL, IMMEDIATE transactions: concurrent writers queue on
# the lock instead of failing with "database is locked"); PostgreSQL through
# psycopg 3 with its connection pool when DATABASE_URL is set.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": 2,
            "max_size": int(env_str("DATABASE_POOL_MAX", "20")),
            "timeout": 10,
        }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "var" / "db.sqlite3")),
            # Reuse the connection (and its PRAGMAs) across requests: opening
            # one per request costed ~0.8 ms of CPU per check-in scan.
            "CONN_MAX_AGE": int(env_str("SQLITE_CONN_MAX_AGE", "60")),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA busy_timeout=20000;"
                ),
            },
            # A file, not memory, so tests see WAL and real concurrent writers.
            "TEST": {"NAME": env_str("SQLITE_TEST_PATH", str(BASE_DIR / "var" / "test.sqlite3"))},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Channels, cache -------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # socket_timeout=None: with redis-py 8 an idle connection otherwise
            # times out after ~5 s and silently drops the socket's group
            # messages (channels_redis#422).
            "CONFIG": {
                "hosts": [{"address": REDIS_URL, "socket_timeout": None}],
                "capacity": 1500,
                "expiry": 30,
            },
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "hoinghi",
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Rate limits (django-ratelimit and allauth) count in the default cache.
RATELIMIT_USE_CACHE = "default"

# --- Accounts --------------------------------------------------------------------
AUTH_USER_MODEL = "events.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "events:home"
ACCOUNT_ADAPTER = "events.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 600
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Hội nghị] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
# allauth's own limits, per client IP (TRUSTED_PROXY_COUNT below) and per
# email address ("key"). Login by code: asking for a code, and trying one.
# A venue's Wi-Fi puts many delegates behind one address: the per-IP limits
# are generous, the per-address ones strict. A code allows 3 tries.
ACCOUNT_RATE_LIMITS = {
    "login": "60/m/ip",
    "login_failed": "20/m/ip,5/5m/key",
    "request_login_code": "60/m/ip,3/m/key",
}
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Hội nghị"
# Organizers and site administrators must set up TOTP before anything else
# (events/middleware.py); the test suite turns it off except where tested.
MFA_REQUIRED_FOR_ORGANIZERS = env_bool("DJANGO_MFA_REQUIRED", default=True)
# Sessions of people whose only role is check-in staff (shared door phones)
# end after this many seconds without a request.
SHARED_DEVICE_IDLE_TIMEOUT = int(env_str("DJANGO_SHARED_DEVICE_IDLE_SECONDS", "1800"))

# --- Email -----------------------------------------------------------------------
globals().update(email_settings(env_str("EMAIL_URL", "console://")))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Hội nghị <no-reply@hoinghi.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Internationalisation ---------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "allauth"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "var" / "staticfiles")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Hashed, compressed files after `collectstatic` in production; served
# straight from static/ in development and tests.
STATIC_MANIFEST = env_bool("DJANGO_STATIC_MANIFEST", default=not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST

# --- Security -----------------------------------------------------------------------
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(env_str("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SILENCED_SYSTEM_CHECKS = [
    # HSTS preload is a commitment for the whole domain; operators opt in.
    "security.W021",
    # django-ratelimit lists only memcached and django-redis. Django's own
    # RedisCache increments with Redis INCR, which is atomic and shared.
    "django_ratelimit.W001",
]
if not REDIS_URL:
    # One process (docs/operating.md): its local memory is the only cache,
    # so counts are exact. Several workers need REDIS_URL anyway (websockets).
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")

# --- Behind a reverse proxy -----------------------------------------------------------
# How many proxies in front of the app append to X-Forwarded-For (0: none, the
# header is ignored and REMOTE_ADDR is the client). One number for the audit
# trail, the rate limits (core.http.client_ip) and allauth. docs/operating.md.
TRUSTED_PROXY_COUNT = int(env_str("DJANGO_TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
RATELIMIT_IP_META_KEY = "core.http.client_ip_for_limits"
# Public and anonymous pages, per client IP (core.http.public_rate). A venue's
# Wi-Fi puts hundreds of delegates behind one address: generous for pages,
# tighter for the PDF renderer.
RATELIMIT_RATES = {
    "pass": env_str("DJANGO_RATELIMIT_PASS", "120/m"),
    "verify": env_str("DJANGO_RATELIMIT_VERIFY", "60/m"),
    "agenda_pdf": env_str("DJANGO_RATELIMIT_AGENDA_PDF", "30/m"),
}

# --- Request size ---------------------------------------------------------------------
# Bodies read into memory (JSON, form fields). The largest is the signing
# page's signature, a PNG data URL of up to 600,000 characters
# (signing/forms.py), about 0.7 MB URL-encoded. File uploads (imports up to
# 10 MB, PDFs to verify up to 30 MB) stream to disk and are not counted here.
# The API takes at most 4 KB (events/views/api.py); larger bodies get 413.
# The proxy's client_max_body_size must admit the largest upload (32m).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# --- Content Security Policy (django-csp 4) --------------------------------------------
# No inline script or event handler anywhere (tests/config/test_csp.py scans
# the templates). Inline style attributes stay allowed (style-src-attr):
# layout tweaks, no code. connect-src gets the request's ws(s) origin in
# config.middleware.ContentSecurityPolicyMiddleware. data: images: the
# TOTP and signing-link QR codes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# One line per HTTP request (config.access, written by config/handlers.py;
# serve without the ASGI server's own access log). django.request logs only
# server errors, with their traceback, once: a 4xx is an expected answer, and
# a refused permission is not worth a traceback. A refused Host header
# (django.security) keeps its line but not its traceback. Django's own
# "django" handlers are dropped so that nothing is printed twice in DEBUG.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"without_traceback": {"()": "config.log_filters.WithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "line"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": [], "propagate": True},
        "django.request": {"level": "ERROR"},
        "django.security.DisallowedHost": {"filters": ["without_traceback"]},
        "django.db.backends": {"level": "INFO"},
    },
}

# Absolute links in emails and QR codes (no request at hand in services).
SITE_URL = env_str("DJANGO_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Secret the conferences' pass signing keys (Ed25519) are derived from, with each
# key's stored salt (docs/signed-passes.md). Empty: SECRET_KEY, then
# SECRET_KEY_FALLBACKS. Set it to keep pass keys across SECRET_KEY changes, and
# give a venue laptop (docs/lan-mode.md) the same value to sign walk-ins' passes.
PASS_SIGNING_SECRET = env_str("DJANGO_PASS_SIGNING_SECRET")

# --- Covenant signing ------------------------------------------------------------------
# The organization's key and certificate for sealing covenant PDFs (PAdES).
# `manage.py create_signing_certificate` writes a self-signed pair for development.
SIGNING_KEY_PATH = env_str("SIGNING_KEY_PATH", str(BASE_DIR / "var" / "signing" / "key.pem"))
SIGNING_CERT_PATH = env_str("SIGNING_CERT_PATH", str(BASE_DIR / "var" / "signing" / "cert.pem"))
SIGNING_KEY_PASSPHRASE = env_str("SIGNING_KEY_PASSPHRASE")
# How long a kiosk unlock from the chair's console lasts (or until one signature).
SIGNING_KIOSK_UNLOCK_MINUTES = int(env_str("SIGNING_KIOSK_UNLOCK_MINUTES", "5"))
# Key of the audit chain's HMAC (kept outside the database). Empty: derived from
# SECRET_KEY (HKDF); set it to keep the chain verifiable across SECRET_KEY changes.
SIGNING_AUDIT_KEY = env_str("SIGNING_AUDIT_KEY")
# Earlier seal certificates, one PEM per fingerprint, so PDFs sealed before a
# key rotation still verify. Empty: "history/" beside SIGNING_CERT_PATH.
SIGNING_CERT_HISTORY_DIR = env_str("SIGNING_CERT_HISTORY_DIR")
