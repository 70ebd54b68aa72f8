"""Production settings plus the benchmarks' baseline endpoint.

``bench/checkin_load.py`` serves the app with ``DJANGO_SETTINGS_MODULE=
bench.settings``; nothing else imports this module, so the production URLs
(config/urls.py) carry no benchmark endpoint.
"""

from config.settings import *  # noqa: F403 (the production settings, unchanged)

ROOT_URLCONF = "bench.urls"
