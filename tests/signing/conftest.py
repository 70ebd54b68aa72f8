import io
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from PIL import Image, ImageDraw

from events.names import slugify_vi
from signing.audit import RequestMeta
from signing.models import SigningMode
from signing.sealing import create_certificate
from signing.services import ceremony_open, ceremony_setup, covenant_update, signature_submit
from signing.services.kiosk import kiosk_device_create, kiosk_device_pair, kiosk_unlock
from tests.factories import RegistrationFactory, UserFactory

BODY = """I. NỘI DUNG
1. Thi đua hoàn thành xuất sắc nhiệm vụ được giao.
2. Giữ nghiêm kỷ luật, kỷ cương:
a) văn hóa công sở;
b) đạo đức công vụ.
II. TỔ CHỨC THỰC HIỆN
1. Các đơn vị xây dựng kế hoạch cụ thể."""


def signature_png(width: int = 400, height: int = 160, *, strokes: int = 3) -> bytes:
    """A drawn-looking signature: a few dark strokes on a transparent canvas."""
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    for i in range(strokes):
        draw.line(
            [(20 + i * 30, height - 30), (width // 2, 20 + i * 10), (width - 20, height - 40 - i)],
            fill=(11, 42, 138, 255),
            width=4,
        )
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@pytest.fixture(scope="session")
def cert_dir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("signing-cert")
    create_certificate(
        key_path=directory / "key.pem",
        cert_path=directory / "cert.pem",
        common_name="Test seal",
        organization="Hội nghị tests",
    )
    return directory


@pytest.fixture(autouse=True)
def signing_settings(settings, cert_dir, tmp_path):
    settings.SIGNING_KEY_PATH = str(cert_dir / "key.pem")
    settings.SIGNING_CERT_PATH = str(cert_dir / "cert.pem")
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SIGNING_AUDIT_KEY = "tests-only-audit-chain-key"
    return settings


@pytest.fixture
def png():
    return signature_png()


def make_ceremony(conference):
    """A draft ceremony for a three-unit conference with a body text and
    a director (chair unit), a deputy director (deputy unit) and a director."""
    term = conference.term
    units = [term.chair, term.deputy, *term.members.exclude(pk__in=[term.chair_id, term.deputy_id])]
    people = [
        ("Nguyễn Quang Đông", "Phó Giám đốc", "deputy-director"),
        ("Lê Văn Hội", "Giám đốc", "director"),
        ("Bùi Văn Thành", "Giám đốc", "director"),
    ]
    for unit, (name, title, role) in zip(units, people, strict=True):
        email = f"{slugify_vi(name)}@{unit.slug}.example"
        RegistrationFactory(
            conference=conference,
            full_name=name,
            title=title,
            role_code=role,
            unit=unit,
            email=email,
        )
    ceremony = ceremony_setup(conference=conference)
    covenant_update(ceremony=ceremony, body=BODY, preamble="Các đơn vị thống nhất giao ước.")
    ceremony.refresh_from_db()
    return ceremony


@pytest.fixture
def ceremony(conference):
    return make_ceremony(conference)


@pytest.fixture
def open_ceremony(ceremony):
    return ceremony_open(ceremony=ceremony)


@pytest.fixture
def chair_meta(conference):
    return RequestMeta(user=UserFactory(), ip="10.0.0.1", user_agent="pytest")


def paired_kiosk(ceremony, name="Máy ký sân khấu"):
    """A kiosk tablet of ``ceremony``, paired: (device, token)."""
    device = kiosk_device_create(ceremony=ceremony, name=name)
    return kiosk_device_pair(pairing_secret=device.pairing_secret)


def sign_by_kiosk(ceremony, signatory, png_bytes, meta, device=None):
    """The chair (``meta``) unlocks a paired tablet; the signatory signs on it."""
    if device is None:
        device = ceremony.kiosk_devices.filter(revoked_at__isnull=True).exclude(token_hash="")
        device = device.first() or paired_kiosk(ceremony)[0]
    session = kiosk_unlock(ceremony=ceremony, signatory=signatory, device=device, meta=meta)
    return signature_submit(
        signatory=signatory,
        png=png_bytes,
        consent=True,
        seen_text_sha256=ceremony.text_sha256,
        mode=SigningMode.KIOSK,
        meta=RequestMeta(ip="10.0.0.50", user_agent="kiosk tablet"),
        kiosk_nonce=session.nonce,
        kiosk_device=device,
    )


def sign_all(ceremony, meta, png_bytes=None):
    for signatory in ceremony.signatories.order_by("position"):
        sign_by_kiosk(ceremony, signatory, png_bytes or signature_png(), meta)


__all__ = ["Path", "django_settings"]
