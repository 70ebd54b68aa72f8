import pytest

from core.text import email_masked, page_title


@pytest.mark.parametrize(
    ("email", "masked"),
    [
        ("chutri@hoinghi.example", "c***@h***.example"),
        ("lehoi@snv.backan.gov.vn", "l***@s***.vn"),
        ("a@localhost", "a***@l***"),
        ("", "***"),
    ],
)
def test_email_masked_keeps_first_letters_and_the_last_label(email, masked):
    assert email_masked(email) == masked


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("Hội nghị", "Hội nghị"),
        ("", "Hội nghị"),
        ("  Chương trình  ·  Hội nghị sơ kết ", "Chương trình · Hội nghị sơ kết · Hội nghị"),
        ("Điều hành hội nghị", "Điều hành hội nghị · Hội nghị"),
    ],
)
def test_page_title_never_names_the_site_twice(title, shown):
    assert page_title(title) == shown


def test_a_percentage_is_written_as_the_readers_language_writes_it():
    from django.utils import translation

    from core.text import percent_display

    with translation.override("vi"):
        assert percent_display("66.67") == "66,67"
        assert percent_display("50") == "50,00"
    with translation.override("en"):
        assert percent_display("66.67") == "66.67"
