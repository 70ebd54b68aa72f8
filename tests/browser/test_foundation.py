from events.demo import CONFERENCE_2022, DEMO_PASSWORD
from tests.seed import SEED_UNITS_IN_OFFICIAL_ORDER


def test_organizer_logs_in_and_sees_the_seven_units(demo, live_asgi, phone):
    phone.goto(f"{live_asgi}/")
    phone.get_by_role("link", name="Đăng nhập").first.click()
    phone.get_by_label("Email").fill("tochuc@hoinghi.example")
    phone.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    phone.get_by_role("button", name="Đăng nhập bằng mật khẩu").click()

    phone.get_by_role("heading", name="Hội nghị của tôi").wait_for()
    phone.get_by_text("Hội nghị sơ kết công tác thi đua").first.click()

    phone.wait_for_url(f"{live_asgi}/c/{CONFERENCE_2022}/")
    units = phone.locator("#units-heading + ol .unit-title")
    assert units.all_inner_texts() == SEED_UNITS_IN_OFFICIAL_ORDER
    # Nothing overflows sideways on a 360 px phone.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_organizer_invites_a_liaison_from_a_phone(demo, live_asgi, phone):
    phone.goto(f"{live_asgi}/accounts/login/")
    phone.get_by_label("Email").fill("tochuc@hoinghi.example")
    phone.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    phone.get_by_role("button", name="Đăng nhập bằng mật khẩu").click()
    phone.goto(f"{live_asgi}/c/{CONFERENCE_2022}/staff/")

    unit = phone.get_by_label("Đơn vị thành viên (chỉ áp dụng")
    assert not unit.is_visible()  # only liaisons belong to a unit
    phone.get_by_label("Email").fill("lienlac.moi@hoinghi.example")
    phone.get_by_label("Vai trò").select_option(label="Cán bộ đầu mối của đơn vị")
    assert unit.is_visible()
    unit.select_option(label="Sở Nội vụ tỉnh Yên Bái — Yên Bái (đến ngày 30/06/2025)")
    phone.get_by_role("button", name="Gửi lời mời").click()

    phone.get_by_text("Đã gửi lời mời tới lienlac.moi@hoinghi.example.").wait_for()
    row = phone.locator("tr", has_text="lienlac.moi@hoinghi.example")
    assert "Yên Bái" in row.inner_text()
