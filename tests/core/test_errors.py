"""One error style (core.errors): every refusal carries a stable code."""

import ast
import json
from pathlib import Path

import pytest
from django import forms
from django.core.exceptions import ValidationError

from core.errors import DomainError, error_code, field_error
from core.http import ApiError
from events.services.checkin import Result
from events.services.import_files import ImportFileError
from signing.errors import SigningError

ROOT = Path(__file__).resolve().parents[2]


class _Form(forms.Form):
    name = forms.CharField()


def test_field_error_shows_under_its_field_with_its_code():
    form = _Form({"name": "x"})
    form.is_valid()
    form.add_error(None, field_error("name", "Tên đã có.", "duplicate"))
    assert form.errors == {"name": ["Tên đã có."]}
    assert form.errors.as_data()["name"][0].code == "duplicate"


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (DomainError("Không được.", "nope"), "nope"),
        (field_error("role", "Quá số lượng.", "over_role_quota"), "over_role_quota"),
        (SigningError("Đã ký.", code="already_signed"), "already_signed"),
        (ImportFileError("Tệp rỗng.", "empty"), "empty"),
        (ApiError(400, "malformed_json", "JSON sai."), "malformed_json"),
        (ValidationError({"email": ValidationError("Sai.", code="bad_email")}), "bad_email"),
        (ValidationError("Sai."), "invalid"),
    ],
)
def test_error_code_reads_every_kind_of_refusal(error, code):
    assert error_code(error) == code


def test_every_domain_error_type_is_a_validation_error_forms_can_show():
    for error in (
        SigningError("a", code="x"),
        ImportFileError("b", "y"),
        ApiError(400, "z", "c"),
    ):
        assert isinstance(error, DomainError)
        assert isinstance(error, ValidationError)


def test_checkin_result_is_a_string_enum_that_serialises_as_its_code():
    assert json.dumps({"result": Result.ALREADY_CHECKED_IN}) == '{"result": "already_checked_in"}'
    assert Result("revoked") is Result.REVOKED
    assert [r.value for r in Result] == [
        "ok",
        "already_checked_in",
        "unknown_code",
        "revoked",
        "not_approved",
        "wrong_conference",
        "not_allowed_on_list",
        "invalid",
        "bad_signature",
        "retired_key",
        "offline_conflict",
        "revoked_since",
        "invalid_time",
    ]


def _bare_validation_errors(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Raise)
        and isinstance(node.exc, ast.Call)
        and getattr(node.exc.func, "id", None) == "ValidationError"
    ]


def test_services_refuse_with_domain_errors_not_bare_validation_errors():
    """A bare ValidationError from a service loses its code (a dict-form one
    drops ``code=`` silently): services raise DomainError or field_error."""
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for app in ("events", "signing")
        for path in sorted((ROOT / app / "services").rglob("*.py"))
        for line in _bare_validation_errors(path)
    ]
    assert found == []
