"""Content Security Policy (issue #10, item 16): the header on every page, no
inline script or event handler in any template, websockets to our origin."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = [ROOT / "templates", *ROOT.glob("*/templates")]
# A <script> without src that is not a JSON data block (json_script) holds code.
INLINE_SCRIPT = re.compile(
    r"<script\b(?![^>]*\bsrc=)(?![^>]*\btype=[\"']application/(?:ld\+)?json[\"'])[^>]*>",
    re.I,
)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*?\son[a-z]+\s*=", re.I | re.S)


def policy(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def templates() -> list[Path]:
    return sorted(path for folder in TEMPLATE_DIRS for path in folder.rglob("*.html"))


@pytest.mark.django_db
def test_page_carries_a_strict_content_security_policy():
    response = Client().get("/")

    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["img-src"] == ["'self'", "data:"]


@pytest.mark.django_db
def test_policy_allows_no_inline_script_nor_eval():
    directives = policy(Client().get("/"))

    script_sources = directives.get("script-src", directives["default-src"])
    assert "'unsafe-inline'" not in script_sources
    assert "'unsafe-eval'" not in script_sources
    assert "'unsafe-inline'" not in directives["style-src"]


@pytest.mark.django_db
def test_connect_src_is_our_origin_and_its_websocket():
    plain = policy(Client().get("/"))
    secure = policy(Client().get("/", secure=True))

    assert plain["connect-src"] == ["'self'", "ws://testserver"]
    assert secure["connect-src"] == ["'self'", "wss://testserver"]


@pytest.mark.django_db
def test_api_error_answers_carry_the_policy_too():
    response = Client().get("/api/v1/no-such-thing/")

    assert policy(response)["default-src"] == ["'self'"]


def test_templates_have_no_inline_script():
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in templates()
        for match in INLINE_SCRIPT.finditer(path.read_text(encoding="utf-8"))
    ]

    assert offenders == []


def test_templates_have_no_inline_event_handler():
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0)[-60:]}"
        for path in templates()
        for match in EVENT_HANDLER.finditer(path.read_text(encoding="utf-8"))
    ]

    assert offenders == []


def test_template_scan_sees_the_project_templates():
    names = {path.name for path in templates()}

    assert {"base.html", "scanner.html", "sign.html", "entrance.html"} <= names
    assert len(names) > 40


def test_csp_settings_use_the_django_csp_4_format():
    assert set(settings.CONTENT_SECURITY_POLICY) == {"DIRECTIVES"}


@pytest.mark.django_db
def test_reused_policy_header_matches_the_one_django_csp_builds(settings):
    reused = policy(Client().get("/"))
    # A report-only policy takes django-csp's own path for every response.
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = settings.CONTENT_SECURITY_POLICY

    built = policy(Client().get("/"))

    assert built == reused
