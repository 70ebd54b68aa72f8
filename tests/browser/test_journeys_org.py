"""Two journeys end to end, at their users' screen sizes, with screenshots:

- a liaison on a phone (360 by 740): logs in by emailed code (a "new code"
  button is there), lands on the unit's page, adds a delegate, and when the
  unit fills up in another tab, sees which unit is full with the person
  just typed still in the form;
- an organizer on a laptop (1366 by 768): the header's account menu and
  one-click logout, the import template downloaded from the import page and
  filled as people write ("SNV Tuyên Quang", "Chuyên viên"), an import
  error that lists the accepted roles, and a quota lowered below some
  units' counts, named before anything is saved.
"""

import io
from pathlib import Path

from openpyxl import load_workbook

from events.demo import CONFERENCE_2022, DEMO_PASSWORD
from events.models import Conference
from events.services.registrations import policy_update
from tests.browser.test_registration import _login_code

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "var" / "screenshots"
C = f"/c/{CONFERENCE_2022}"


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _active(conference, unit) -> int:
    return conference.registrations.filter(
        unit=unit, status__in=["pending", "approved"], role__counts_toward_quota=True
    ).count()


def test_liaison_on_a_phone_lands_on_the_unit_and_keeps_the_form_when_full(
    demo, live_asgi, browser
):
    conference = Conference.objects.get(slug=CONFERENCE_2022)
    unit = conference.term.members.get(short_name="Bắc Kạn")
    email = "lienlac.bac-kan@hoinghi.example"
    places = _active(conference, unit) + 2
    policy_update(conference=conference, unit_quota=places)
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, has_touch=True, locale="vi-VN"
    )
    phone = context.new_page()

    phone.goto(f"{live_asgi}/accounts/login/")
    phone.get_by_role("link", name="Gửi mã đăng nhập cho tôi").click()
    phone.locator("input[name=email]").fill(email)
    phone.locator("main form button[type=submit]").first.click()
    resend = phone.get_by_role("button", name="Yêu cầu mã mới")
    resend.wait_for()
    box = resend.bounding_box()
    assert box["height"] >= 44 and box["y"] + box["height"] <= 740  # visible without scrolling
    _shot(phone, "journey-liaison-code-360")
    phone.locator("input[name=code]").fill(_login_code(live_asgi, email))
    phone.locator("main form button[type=submit]").first.click()

    # Lands on the unit's page, not the home page.
    phone.get_by_role("heading", name=unit.name).wait_for()
    assert phone.url == f"{live_asgi}{C}/unit/{unit.pk}/"
    roles = phone.get_by_label("Vai trò").locator("option").all_inner_texts()
    assert "Chủ trì" not in roles and "Giám đốc" in roles
    _shot(phone, "journey-liaison-unit-360")

    phone.get_by_label("Họ và tên").fill("Ngô Thị Thu Trang")
    phone.get_by_label("Vai trò").select_option(label="Chuyên viên thi đua - khen thưởng")
    phone.get_by_role("button", name="Đăng ký", exact=True).click()
    phone.locator(".message-success").filter(has_text="Ngô Thị Thu Trang").wait_for()
    assert phone.locator("#places").inner_text() == f"Đã dùng {places - 1}/{places} chỗ"

    # The liaison types the next person; meanwhile another tab takes the last place.
    phone.get_by_label("Họ và tên").fill("Phạm Thị Mai")
    phone.get_by_label("Vai trò").select_option(label="Phó Giám đốc")
    phone.get_by_label("Điện thoại").fill("0987 654 321")
    other_tab = context.new_page()
    other_tab.goto(f"{live_asgi}{C}/unit/{unit.pk}/")
    other_tab.get_by_label("Họ và tên").fill("Đặng Văn Quý")
    other_tab.get_by_label("Vai trò").select_option(label="Lãnh đạo Văn phòng")
    other_tab.get_by_role("button", name="Đăng ký", exact=True).click()
    other_tab.locator(".message-success").filter(has_text="Đặng Văn Quý").wait_for()
    other_tab.close()

    phone.get_by_role("button", name="Đăng ký", exact=True).click()
    refusal = phone.locator(".form-errors").filter(
        has_text=f"Bắc Kạn đã có {places}/{places} đại biểu"
    )
    refusal.wait_for()
    assert phone.get_by_label("Họ và tên").input_value() == "Phạm Thị Mai"
    assert phone.get_by_label("Điện thoại").input_value() == "0987 654 321"
    assert phone.get_by_label("Vai trò").evaluate("s => s.selectedOptions[0].text") == (
        "Phó Giám đốc"
    )
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    refusal.scroll_into_view_if_needed()
    _shot(phone, "journey-liaison-full-360")
    assert _active(conference, unit) == places
    context.close()


def test_organizer_on_a_laptop_imports_with_the_template_and_is_warned_about_quotas(
    demo, live_asgi, browser, tmp_path
):
    conference = Conference.objects.get(slug=CONFERENCE_2022)
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{live_asgi}/accounts/login/")
    page.get_by_label("Email").fill("tochuc@hoinghi.example")
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập bằng mật khẩu").click()
    page.get_by_role("heading", name="Hội nghị của tôi").wait_for()

    # The header: a readable name with an icon and a caret, nothing clipped.
    summary = page.locator(".menu summary")
    assert summary.inner_text().strip() == "VP SNV Bắc Kạn"
    assert summary.locator(".menu-caret").is_visible()
    assert summary.locator(".menu-icon").is_visible()
    assert summary.locator(".menu-name").evaluate("e => e.scrollWidth <= e.clientWidth")
    logout = page.locator(".site-header").get_by_role("button", name="Đăng xuất")
    assert logout.is_visible()
    page.locator(".site-header").screenshot(path=str(SHOTS / "journey-organizer-header-1366.png"))

    # The template, from the import page.
    page.goto(f"{live_asgi}{C}/delegates/import/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải tệp mẫu").click()
    workbook = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    sheet = workbook["Đại biểu"]
    header = [cell.value for cell in sheet[1]]
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    role_column = "ABCDEFGHI"[header.index("Vai trò")]
    assert lists[f"{role_column}2:{role_column}501"].startswith("'Danh mục'!$B$2")
    assert "Tuyên Quang" in [c.value for c in workbook["Danh mục"]["A"]]

    def fill(rows):
        for number, row in enumerate(rows, start=2):
            for column, key in enumerate(header, start=1):
                sheet.cell(row=number, column=column, value=row.get(key, ""))
        path = tmp_path / "dai-bieu.xlsx"
        workbook.save(path)
        return path

    delegates = [
        {
            "Họ và tên": "Hoàng Văn Nam",
            "Đơn vị": "SNV Tuyên Quang",
            "Vai trò": "Chuyên viên",
            "Danh xưng (Ông/Bà)": "Ông",
        },
        {
            "Họ và tên": "Lý Thị Hoa",
            "Đơn vị": "Sở Nội vụ Thái Nguyên",
            "Vai trò": "Kế toán",
            "Danh xưng (Ông/Bà)": "Bà",
        },
    ]
    page.get_by_label("Tệp Excel (.xlsx) hoặc CSV").set_input_files(fill(delegates))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    errors = page.locator("#import-errors")
    errors.wait_for()
    assert "Dòng 3" in errors.inner_text()
    assert "Vai trò phải là một trong: Chủ trì, Giám đốc" in errors.inner_text()
    _shot(page, "journey-organizer-import-error-1366")

    delegates[1]["Vai trò"] = "Phó Giám đốc"
    page.get_by_label("Tệp Excel (.xlsx) hoặc CSV").set_input_files(fill(delegates))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    page.get_by_role("button", name="Xác nhận nhập").click()
    page.get_by_text("Đã nhập 2 đại biểu.").wait_for()
    imported = {
        r.full_name: (r.unit.short_name, r.role.code)
        for r in conference.registrations.filter(given_name__in=["Nam", "Hoa"])
    }
    assert imported == {
        "Hoàng Văn Nam": ("Tuyên Quang", "specialist"),
        "Lý Thị Hoa": ("Thái Nguyên", "deputy-director"),
    }

    # A quota below what units already have: named before saving.
    page.goto(f"{live_asgi}{C}/delegates/settings/")
    page.get_by_label("Số chỗ mỗi đơn vị (các vai trò tính vào số chỗ)").fill("5")
    page.get_by_role("button", name="Lưu", exact=True).click()
    warning = page.locator("#policy-errors")
    warning.wait_for()
    assert "Thái Nguyên: 6 đã đăng ký, 5 chỗ" in warning.inner_text()
    assert "Tuyên Quang: 6 đã đăng ký, 5 chỗ" in warning.inner_text()
    assert "Bắc Kạn" not in warning.inner_text()
    _shot(page, "journey-organizer-quota-warning-1366")
    conference.registration_policy.refresh_from_db()
    assert conference.registration_policy.unit_quota is None

    page.get_by_label("Vẫn lưu: các đơn vị nêu trên giữ nguyên những đại biểu đã đăng ký").check()
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.get_by_text("Đã lưu quy định đăng ký.").wait_for()
    conference.registration_policy.refresh_from_db()
    assert conference.registration_policy.unit_quota == 5

    # Logout is one click away.
    page.locator(".site-header").get_by_role("button", name="Đăng xuất").click()
    page.locator(".site-header").get_by_role("link", name="Đăng nhập").wait_for()
    context.close()
