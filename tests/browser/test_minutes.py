"""The minutes and the news draft in real browsers: the organizer edits the
drafted minutes and finalises them, the chair and the secretary sign on their
own phones through their links (login by emailed code), the organizer seals,
the public verify page accepts the sealed PDF; the news page takes a photo
and copies its HTML. Screenshots at phone, tablet, laptop and projector size."""

import re
from pathlib import Path

from PIL import Image

from events.demo import CONFERENCE_2022, DEMO_PASSWORD
from signing.models import Minutes, MinutesState
from tests.browser.test_signing import (  # noqa: F401 (fixtures)
    SCREENSHOTS,
    _draw,
    _login_code,
    demo_data,
    signing_server,
)

SIZES = {
    "phone": (360, 740),
    "tablet": (1024, 768),
    "laptop": (1366, 768),
    "projector": (1920, 1080),
}


def _shots(page, name):
    for label, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_load_state("networkidle")
        page.screenshot(path=SCREENSHOTS / f"{name}-{label}.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, label)
    page.set_viewport_size({"width": 1366, "height": 768})


def _sign_on_phone(browser, url, log, link, email, name):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, has_touch=True, locale="vi-VN"
    )
    phone = context.new_page()
    phone.goto(link)
    phone.get_by_label("Email").fill(email)
    phone.get_by_role("button", name=re.compile("mã|code", re.I)).first.click()
    phone.get_by_label(re.compile("Mã|Code", re.I)).first.fill(_login_code(log, email))
    phone.get_by_role("button", name=re.compile("Đăng nhập|Sign In|Xác nhận", re.I)).first.click()
    phone.get_by_test_id("signer-name").wait_for()
    assert phone.get_by_test_id("signer-name").inner_text() == name
    phone.screenshot(
        path=SCREENSHOTS / f"minutes-sign-{email.split('@')[0]}-360.png", full_page=True
    )
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    _draw(phone)
    phone.get_by_label("Tôi đã đọc biên bản trên và ký.").check()
    phone.get_by_role("button", name="Xác nhận chữ ký").click()
    phone.get_by_role("heading", name="Cảm ơn đồng chí, chữ ký đã được ghi nhận.").wait_for()
    context.close()


def _photo(path: Path) -> Path:
    image = Image.new("RGB", (3000, 2000), (40, 90, 160))
    image.paste((230, 200, 60), (0, 1400, 3000, 2000))
    image.save(path, format="JPEG")
    return path


def test_minutes_drafted_edited_signed_by_two_phones_sealed_and_verified(
    signing_server,  # noqa: F811
    browser,
    tmp_path,
):
    url, log = signing_server
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url)
    organizer = context.new_page()
    organizer.goto(f"{url}/accounts/login/")
    organizer.get_by_label("Email").fill("tochuc@hoinghi.example")
    organizer.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    organizer.get_by_role("button", name="Đăng nhập bằng mật khẩu").click()
    organizer.get_by_role("heading", name="Hội nghị của tôi").wait_for()
    questions = []
    organizer.on("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))

    organizer.goto(f"{url}/c/{CONFERENCE_2022}/minutes/")
    preview = organizer.get_by_test_id("minutes-text")
    assert "Số: 01/BB-CTĐ" in preview.inner_text()
    assert "Lê Văn Hội" in preview.inner_text()
    organizer.get_by_label(re.compile(r"^6\. Ý kiến đóng góp")).fill(
        "Các đơn vị tham luận, thảo luận; thống nhất phương hướng 6 tháng cuối năm."
    )
    organizer.get_by_test_id("save-minutes").click()
    organizer.get_by_text("Đã lưu biên bản.").wait_for()
    assert "thống nhất phương hướng 6 tháng cuối năm" in preview.inner_text()
    _shots(organizer, "minutes-editor")

    organizer.get_by_test_id("finalise").click()
    organizer.get_by_text("Biên bản đã hoàn tất: hãy đề nghị ký.").wait_for()
    assert questions and "Hoàn tất biên bản?" in questions[-1]
    links = {}
    for role in ("chair", "secretary"):
        organizer.get_by_test_id(f"signer-{role}").get_by_role(
            "button", name="Đường dẫn ký"
        ).click()
        card = organizer.locator(f'[data-testid="minutes-link"][data-role="{role}"]')
        links[role] = card.get_by_test_id("minutes-link-url").inner_text()
        assert links[role].startswith(f"{url}/sign/minutes/")
    _shots(organizer, "minutes-final")

    minutes = Minutes.objects.get(conference__slug=CONFERENCE_2022)
    chair, secretary = minutes.signers.get(role="chair"), minutes.signers.get(role="secretary")
    _sign_on_phone(browser, url, log, links["chair"], chair.email, "Lê Văn Hội")
    _sign_on_phone(browser, url, log, links["secretary"], secretary.email, "Hoàng Thị Nga")

    organizer.reload()
    organizer.get_by_test_id("seal").click()
    organizer.get_by_text("Biên bản đã được niêm phong.").wait_for()
    assert "Niêm phong biên bản" in questions[-1]
    _shots(organizer, "minutes-sealed")
    minutes.refresh_from_db()
    assert minutes.state == MinutesState.SEALED

    check = context.new_page()
    check.goto(f"{url}/verify/{minutes.public_id}/")
    with check.expect_download() as download:
        check.get_by_role("link", name="Tải bản PDF đã niêm phong").click()
    sealed = tmp_path / "bien-ban.pdf"
    download.value.save_as(sealed)
    check.get_by_label("Tệp PDF cần kiểm tra").set_input_files(str(sealed))
    check.get_by_role("button", name="Kiểm tra", exact=True).click()
    result = check.get_by_test_id("verify-result").inner_text()
    assert "Đây là biên bản đã niêm phong" in result
    assert "Trùng khớp" in result or "giống hệt" in result.lower() or "identical" in result.lower()
    _shots(check, "minutes-verify")

    # The news draft: a photo with its caption, then "copy HTML".
    news = organizer
    news.goto(f"{url}/c/{CONFERENCE_2022}/news/")
    news.get_by_label("Ảnh (JPEG, PNG hoặc WebP, tối đa 15 MB)").set_input_files(
        str(_photo(tmp_path / "quang-canh.jpg"))
    )
    news.get_by_label("Chú thích", exact=True).first.fill("Quang cảnh hội nghị")
    news.get_by_role("button", name="Tải lên").click()
    news.get_by_text("Đã thêm ảnh.").wait_for()
    article = news.get_by_test_id("news-article")
    assert "Ngày 22/7/2022, tại Sở Nội vụ tỉnh Bắc Kạn - đơn vị Cụm phó" in article.inner_text()
    assert "Quang cảnh hội nghị" in article.inner_text()
    width = news.evaluate("document.querySelector('#news-article img').naturalWidth")
    assert width == 1600
    news.get_by_role("button", name="Sao chép HTML").click()
    news.get_by_text("Đã sao chép.").wait_for()
    copied = news.evaluate("() => navigator.clipboard.readText()")
    assert "Lê Văn Hội" in copied
    _shots(news, "news")
    context.close()
