import io
import os
import time

import pytest
from django.core.management import call_command

from events.services.import_previews import (
    import_preview_commit,
    import_preview_discard,
    import_preview_store,
    import_previews_delete_stale,
)
from events.services.imports import ImportFileError

pytestmark = pytest.mark.django_db

HOUR = 3600


@pytest.fixture
def imports(media_root):
    return media_root / "imports"


def _csv(conference) -> bytes:
    unit = conference.term.chair.short_name
    return f"Họ và tên,Đơn vị,Vai trò\nTrần Văn An,{unit},specialist\n".encode()


def _file(directory, name: str, hours_old: float, data: bytes = b"x"):
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_bytes(data)
    moment = time.time() - hours_old * HOUR
    os.utime(path, (moment, moment))
    return path


def _names(directory) -> list[str]:
    return sorted(path.name for path in directory.iterdir())


def test_stored_preview_is_imported_on_commit_and_its_file_deleted(conference, imports):
    token = import_preview_store(data=_csv(conference))
    assert _names(imports) == [f"{token}.bin"]
    result = import_preview_commit(
        conference=conference, token=token, filename="ds.csv", approve=True
    )
    assert result.committed
    assert list(conference.registrations.values_list("search_key", "status")) == [
        ("tran van an", "approved")
    ]
    assert _names(imports) == []


def test_preview_file_is_deleted_even_when_the_commit_finds_errors(conference, imports):
    token = import_preview_store(data=_csv(conference))
    import_preview_commit(conference=conference, token=token, filename="ds.csv", approve=False)
    again = import_preview_store(data=_csv(conference))
    result = import_preview_commit(
        conference=conference, token=again, filename="ds.csv", approve=False
    )
    assert (result.committed, [row.number for row in result.errors]) == (False, [2])
    assert conference.registrations.count() == 1
    assert _names(imports) == []


def test_commit_of_a_preview_whose_file_is_gone_says_it_expired(conference, imports):
    token = import_preview_store(data=_csv(conference))
    (imports / f"{token}.bin").unlink()
    with pytest.raises(ImportFileError) as error:
        import_preview_commit(conference=conference, token=token, filename="ds.csv", approve=False)
    assert (error.value.code, error.value.message) == (
        "preview_expired",
        "Bản xem trước đã hết hạn; hãy tải tệp lên lại.",
    )
    assert conference.registrations.count() == 0


def test_token_that_is_not_ours_never_reaches_another_file(conference, media_root, imports):
    secret = _file(media_root, "secret.bin", hours_old=0)
    with pytest.raises(ImportFileError) as error:
        import_preview_commit(
            conference=conference, token="../secret", filename="ds.csv", approve=False
        )
    assert error.value.code == "preview_expired"
    assert import_preview_discard(token="../secret") is False
    assert secret.read_bytes() == b"x"


def test_cancelled_preview_is_deleted(conference, imports):
    token = import_preview_store(data=_csv(conference))
    assert import_preview_discard(token=token) is True
    assert import_preview_discard(token=token) is False
    assert _names(imports) == []


def test_new_preview_replaces_the_previous_one_of_the_same_organizer(conference, imports):
    first = import_preview_store(data=_csv(conference))
    second = import_preview_store(data=_csv(conference), replaces=first)
    assert _names(imports) == [f"{second}.bin"]


def test_storing_a_preview_deletes_previews_older_than_a_day(conference, imports):
    _file(imports, "abandoned-last-week.bin", hours_old=7 * 24)
    _file(imports, "abandoned-yesterday.bin", hours_old=24.5)
    _file(imports, "from-this-morning.bin", hours_old=3)
    token = import_preview_store(data=_csv(conference))
    assert _names(imports) == sorted(["from-this-morning.bin", f"{token}.bin"])


def test_stale_cleanup_leaves_other_files_alone(imports):
    _file(imports, "old.bin", hours_old=48)
    _file(imports, "notes.txt", hours_old=48)
    assert import_previews_delete_stale() == 1
    assert _names(imports) == ["notes.txt"]


def test_stale_cleanup_without_any_import_yet_removes_nothing(media_root):
    assert import_previews_delete_stale() == 0
    assert not (media_root / "imports").exists()


def test_cleanup_imports_command_prints_how_many_files_it_removed(imports):
    _file(imports, "a.bin", hours_old=25)
    _file(imports, "b.bin", hours_old=30)
    _file(imports, "fresh.bin", hours_old=1)
    out = io.StringIO()
    call_command("cleanup_imports", stdout=out)
    assert out.getvalue() == "Đã xóa 2 bản xem trước nhập danh sách quá hạn.\n"
    assert _names(imports) == ["fresh.bin"]
