"""Vietnamese name helpers: cleaning, splitting, diacritic-free search keys and collation.

Pure Python (stdlib only); Django is imported lazily by ``slugify_vi``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

__all__ = [
    "clean_text",
    "collation_key",
    "fold",
    "join_name",
    "person_collation_key",
    "slugify_vi",
    "split_full_name",
    "vietnamese_sorted",
]

T = TypeVar("T")

_WHITESPACE_RE = re.compile(r"\s+")

# Apostrophes inside a word ("K'Sor", "H’Hen") are dropped without splitting the word.
_APOSTROPHES = frozenset("'\u2019\u02bc")

# đ has no Unicode decomposition; ð (from a mistyped Ð) is a common look-alike.
_D_WITH_STROKE = {"đ": "d", "ð": "d"}

# Digits, then the Vietnamese alphabet with f, j, w, z in their Latin places.
_ORDER = unicodedata.normalize("NFC", "0123456789aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")
_CODES = {ch: f"{index:02d}" for index, ch in enumerate(_ORDER, start=10)}
_CODES["ð"] = _CODES["đ"]
_UNKNOWN_PREFIX = "99"  # other letters sort after z: "99" + 7-digit code point

# Vowel modifiers (NFD combining marks) that make a separate letter.
_MODIFIERS = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
_MODIFIERS = {key: unicodedata.normalize("NFC", letter) for key, letter in _MODIFIERS.items()}

# Tone marks; 1 is "no tone". Order: none, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 2, "\u0309": 3, "\u0303": 4, "\u0301": 5, "\u0323": 6}
_NO_TONE = 1


def clean_text(value: str | None) -> str:
    """NFC-normalize, strip and collapse whitespace runs (incl. NBSP) to one space."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", value)
    return _WHITESPACE_RE.sub(" ", text).strip()


def split_full_name(full_name: str) -> tuple[str, str, str]:
    """Default split of a full name into (family, middle, given)."""
    words = clean_text(full_name).split(" ")
    if words == [""]:
        return ("", "", "")
    if len(words) == 1:
        return ("", "", words[0])
    return (words[0], " ".join(words[1:-1]), words[-1])


def join_name(family: str, middle: str, given: str) -> str:
    """Full name in Vietnamese order (family middle given), skipping empty parts."""
    parts = (clean_text(family), clean_text(middle), clean_text(given))
    return " ".join(part for part in parts if part)


def fold(value: str) -> str:
    """Diacritic-free, lower-case search key: "Nguyễn Quang Đông" -> "nguyen quang dong".

    Other punctuation becomes a space; apostrophes are dropped.
    """
    text = unicodedata.normalize("NFD", clean_text(value).casefold())
    chars: list[str] = []
    for ch in text:
        if ch in _APOSTROPHES or unicodedata.category(ch).startswith("M"):
            continue
        ch = _D_WITH_STROKE.get(ch, ch)
        chars.append(ch if ch.isalnum() else " ")
    return " ".join("".join(chars).split())


def _syllables(value: str) -> Iterator[tuple[list[str], int]]:
    """Yield (letters, tone) per syllable; letters carry their vowel modifiers."""
    text = unicodedata.normalize("NFD", clean_text(value).casefold())
    letters: list[str] = []
    tone = _NO_TONE
    modified = False  # whether the last letter already took a vowel modifier
    for ch in text:
        if unicodedata.category(ch).startswith("M"):
            if not letters:
                continue  # stray mark with no letter to attach to
            if ch in _TONES:
                tone = max(tone, _TONES[ch])
            elif not modified and (letters[-1], ch) in _MODIFIERS:
                letters[-1] = _MODIFIERS[(letters[-1], ch)]
                modified = True
        elif ch in _APOSTROPHES:
            continue
        elif ch in _CODES or ch.isalnum():
            letters.append(ch)
            modified = False
        elif letters:
            yield letters, tone
            letters, tone, modified = [], _NO_TONE, False
    if letters:
        yield letters, tone


def _letter_code(ch: str) -> str:
    code = _CODES.get(ch)
    if code is not None:
        return code
    return f"{_UNKNOWN_PREFIX}{ord(ch):07d}"


def collation_key(value: str) -> str:
    """Digits-only key; plain string comparison gives Vietnamese order.

    Per syllable: two digits per letter (>= 10), then the tone as "01".."06", so a
    syllable that is a prefix of another sorts first and "An Bình" < "Anh".
    """
    return "".join(
        "".join(map(_letter_code, letters)) + f"{tone:02d}" for letters, tone in _syllables(value)
    )


def person_collation_key(*, family: str, middle: str, given: str) -> str:
    """Digits-only key ordering people by given name, then middle, then family name."""
    return "00".join((collation_key(given), collation_key(middle), collation_key(family)))


def vietnamese_sorted(items: Iterable[T], *, key: Callable[[T], str] | None = None) -> list[T]:
    """Return items sorted in Vietnamese order (by ``key(item)`` if given)."""
    if key is None:
        return sorted(items, key=collation_key)  # type: ignore[arg-type]
    return sorted(items, key=lambda item: collation_key(key(item)))


def slugify_vi(value: str) -> str:
    """Django ``slugify`` that keeps đ as d: "Đông" -> "dong"."""
    from django.utils.text import slugify

    return slugify(fold(value))


# Words an account name is commonly shortened by, longest first ("Văn phòng
# Sở Nội vụ tỉnh Bắc Kạn" → "VP SNV Bắc Kạn").
_SHORT_FORMS = (
    ("Văn phòng ", "VP "),
    ("Sở Nội vụ ", "SNV "),
    ("Ủy ban nhân dân ", "UBND "),
    ("Thành phố ", "TP "),
    ("thành phố ", "TP "),
    ("tỉnh ", ""),
)
ACCOUNT_LABEL_MAX = 22


def account_label(name: str, *, limit: int = ACCOUNT_LABEL_MAX) -> str:
    """The name in the header's account menu: whole when it fits, else its
    short form; the page cuts what is still too long with an ellipsis."""
    name = clean_text(name)
    if len(name) <= limit:
        return name
    for long, short in _SHORT_FORMS:
        name = name.replace(long, short)
    return name
