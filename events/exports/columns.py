"""The columns of registration spreadsheets (import template and export).

Headers are Vietnamese; the English header of each column is accepted too,
as are headers without diacritics ("Ho va ten").
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from events.names import fold


@dataclass(frozen=True)
class Column:
    key: str
    vi: str
    en: str
    label: str  # translated, for messages
    required: bool = False


COLUMNS = [
    Column("full_name", "Họ và tên", "Full name", _("Full name"), required=True),
    Column("title", "Chức vụ", "Title", _("Title or position")),
    Column("unit", "Đơn vị", "Unit", _("Member unit")),
    Column("organization", "Cơ quan (khách mời, báo chí)", "Organisation", _("Organisation")),
    Column("role", "Vai trò", "Role", _("Role"), required=True),
    Column("gender", "Danh xưng (Ông/Bà)", "Form of address", _("Form of address")),
    Column("email", "Email", "Email", _("Email")),
    Column("phone", "Điện thoại", "Phone", _("Phone")),
    Column("notes", "Ghi chú", "Notes", _("Notes")),
]
EXPORT_EXTRA = [
    Column("province", "Tỉnh", "Province", _("Province")),
    Column("status", "Trạng thái", "Status", _("Status")),
]
CODE_COLUMNS = [
    Column("code", "Mã check-in", "Check-in code", _("Check-in code")),
    Column("pass_link", "Đường dẫn thẻ đại biểu", "Pass link", _("Pass link")),
]

_ALIASES = {}
for _column in COLUMNS:
    for _name in (
        _column.vi,
        _column.en,
        _column.key,
        "Tổ chức" if _column.key == "organization" else "",
    ):
        if _name:
            _ALIASES[fold(_name)] = _column.key
_ALIASES[fold("Cơ quan")] = "organization"
_ALIASES[fold("Organization")] = "organization"
_ALIASES[fold("Danh xưng")] = "gender"
_ALIASES[fold("Số điện thoại")] = "phone"


def column_for_header(header: str) -> str | None:
    return _ALIASES.get(fold(header or ""))


def column_label(key: str) -> str:
    for column in COLUMNS + EXPORT_EXTRA + CODE_COLUMNS:
        if column.key == key:
            return str(column.label)
    return key
