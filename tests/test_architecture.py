"""The import order of docs/architecture.md, checked on the source tree.

An AST walk over every module of ``core``, ``events`` and ``signing`` (not
migrations): a forbidden import fails here with the file and line, before
a reviewer has to spot it.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("core", "events", "signing")

# What each part may not import. Prefixes match whole dotted names.
FORBIDDEN = {
    # core is below both apps: it knows neither.
    "core": ("events", "signing"),
    # events is below signing.
    "events": ("signing",),
    # signing uses events' public layers only (models, selectors, services,
    # permissions, names, and the demo's extension point), never its edges.
    "signing": (
        "events.views",
        "events.consumers",
        "events.forms",
        "events.urls",
        "events.exports",
        "events.admin",
        "events.fanout",
        "events.realtime",
    ),
}
# Inside an app: lower layers never import upper ones.
LAYERS = {
    "models": ("services", "selectors", "views", "consumers", "forms", "exports", "demo"),
    "selectors": ("services", "views", "consumers", "forms"),
    "services": ("views", "consumers", "forms"),
}


def _modules(root: Path):
    for app in APPS:
        for path in sorted((root / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            yield app, path


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module
            for alias in node.names:
                yield node.lineno, f"{node.module}.{alias.name}"


def _matches(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def _violations(root: Path = ROOT) -> list[str]:
    """One line per forbidden import: ``path:line imports name (rule)``."""
    found: dict[tuple, str] = {}
    for app, path in _modules(root):
        relative = path.relative_to(root).as_posix()
        layer = Path(relative).parts[1].removesuffix(".py") if "/" in relative else ""
        for lineno, name in _imports(path):
            rules = [f"{app} may not" for prefix in FORBIDDEN[app] if _matches(name, prefix)]
            rules += [
                f"{layer} is below {upper}"
                for upper in LAYERS.get(layer, ())
                if _matches(name, f"{app}.{upper}")
            ]
            for rule in rules:
                # ``from a.b import c`` yields a.b then a.b.c: keep the first.
                found.setdefault(
                    (relative, lineno, rule), f"{relative}:{lineno} imports {name} ({rule})"
                )
    return sorted(found.values())


def test_source_tree_keeps_the_import_order():
    assert _violations() == []


@pytest.mark.parametrize(
    ("path", "source", "expected"),
    [
        ("events/services/ok.py", "from events.models import Conference\n", []),
        (
            "events/services/probe.py",
            "from signing.models import Ceremony\n",
            ["events/services/probe.py:1 imports signing.models (events may not)"],
        ),
        (
            "events/views/probe.py",
            "from events import fanout\n",
            [],
        ),
        (
            "signing/consumers.py",
            "from events import fanout\n",
            ["signing/consumers.py:1 imports events.fanout (signing may not)"],
        ),
        (
            "core/probe.py",
            "import events.models\n",
            ["core/probe.py:1 imports events.models (core may not)"],
        ),
        (
            "signing/views/probe.py",
            "from events.views.base import conference_view\n",
            ["signing/views/probe.py:1 imports events.views.base (signing may not)"],
        ),
        (
            "events/models/probe.py",
            "from events.services.agenda import agenda_item_create\n",
            ["events/models/probe.py:1 imports events.services.agenda (models is below services)"],
        ),
    ],
)
def test_import_rule_flags_a_forbidden_import(tmp_path, path, source, expected):
    module = tmp_path / path
    module.parent.mkdir(parents=True)
    module.write_text(source, encoding="utf-8")
    assert _violations(tmp_path) == expected
