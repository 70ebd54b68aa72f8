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
