"""The attendance report after the meeting, as PDF and XLSX bytes, always in
Vietnamese (it is sent upward): units present / expected, people by role,
the arrival distribution, late arrivals and the absentees of each unit.

Every XLSX cell goes through ``safe_cell`` and is written as a string cell
when it is text: a name or title starting with = + - @ stays text."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from core import nd30
from core.pdf import render_html_pdf
from events.exports.registrations import safe_cell
from events.selectors.attendance_report import AttendanceReport
from events.selectors.invitations import invitation_setup_for


def _clock(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M") if moment else ""


def _unit_name(row) -> str:
    return row.name or _("Guests and others")


def _context(report: AttendanceReport) -> dict:
    conference = report.conference
    setup = invitation_setup_for(conference=conference)
    made = timezone.localtime(report.made_at)
    return {
        "report": report,
        "conference": conference,
        "parent_body": setup.parent_body.upper(),
        "issuing_body": (setup.issuing_body or conference.host_unit.name).upper(),
        "place_date": nd30.place_date(setup.place or conference.host_unit.short_name, made.date()),
        "made_at": made.strftime("%H:%M %d/%m/%Y"),
        "units": [
            {
                "name": _unit_name(row),
                "expected": row.expected,
                "present": row.present,
                "first": _clock(row.first_arrival),
                "last": _clock(row.last_arrival),
                "absent": [
                    ", ".join(x for x in (p.registration.full_name, p.registration.title) if x)
                    for p in row.absent
                ],
            }
            for row in report.units
        ],
        "arrivals": [
            {"label": f"{_clock(b.starts)}–{_clock(b.ends)}", "count": b.count}
            for b in report.arrivals
        ],
        "late": [
            {
                "name": person.registration.full_name,
                "unit": _unit_name(row),
                "time": _clock(person.arrived_at),
                "minutes": person.minutes_late,
            }
            for row, person in report.late
        ],
        "start": _clock(conference.starts_at),
    }


def attendance_report_pdf(report: AttendanceReport) -> bytes:
    with override("vi"):
        html = render_to_string("documents/attendance_report.html", _context(report))
    return render_html_pdf(html, stylesheets=(nd30.STYLESHEET,), strict=True)


def attendance_report_rows(report: AttendanceReport) -> dict[str, list[list]]:
    """Sheet title → rows (first row the header), in Vietnamese."""
    with override("vi"):
        context = _context(report)
        summary = [
            [_("Conference"), report.conference.title],
            [_("Check-in list"), report.checkin_list.name],
            [_("Member units present / expected"), report.units_present, report.units_expected],
            [_("People present / expected"), report.present, report.expected],
            [_("Absent"), report.absent],
            [_("Attendance rate (%)"), report.rate],
            [_("Late arrivals (after %(time)s)") % {"time": context["start"]}, len(report.late)],
            [_("Made at"), context["made_at"]],
        ]
        return {
            _("Summary"): [[_("Figure"), _("Value"), ""], *summary],
            _("By unit"): [
                [
                    _("Unit"),
                    _("Expected"),
                    _("Present"),
                    _("Absent"),
                    _("First arrival"),
                    _("Last arrival"),
                ],
                *[
                    [
                        u["name"],
                        u["expected"],
                        u["present"],
                        u["expected"] - u["present"],
                        u["first"],
                        u["last"],
                    ]
                    for u in context["units"]
                ],
            ],
            _("By role"): [
                [_("Role"), _("Expected"), _("Present")],
                *[[r.name, r.expected, r.present] for r in report.roles],
            ],
            _("Arrivals"): [
                [_("Time"), _("People")],
                *[[a["label"], a["count"]] for a in context["arrivals"]],
            ],
            _("Late arrivals"): [
                [_("Full name"), _("Unit"), _("Arrived at"), _("Minutes late")],
                *[[x["name"], x["unit"], x["time"], x["minutes"]] for x in context["late"]],
            ],
            _("Absentees"): [
                [_("Unit"), _("Full name"), _("Title or position"), _("Role")],
                *[
                    [
                        _unit_name(row),
                        p.registration.full_name,
                        p.registration.title,
                        p.registration.role.name,
                    ]
                    for row in report.units
                    for p in row.absent
                ],
            ],
        }


def attendance_report_xlsx(report: AttendanceReport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    for title, rows in attendance_report_rows(report).items():
        sheet = workbook.create_sheet(title[:31])
        rows = [[safe_cell(value) for value in row] for row in rows]
        width = max(len(row) for row in rows)
        for index in range(width):
            longest = max((len(str(row[index])) for row in rows if index < len(row)), default=0)
            sheet.column_dimensions[get_column_letter(index + 1)].width = max(
                10, min(60, longest + 2)
            )
        sheet.freeze_panes = "A2"
        for number, row in enumerate(rows):
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # text, never a formula
                if number == 0:
                    cell.font = Font(bold=True)
                cells.append(cell)
            sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
