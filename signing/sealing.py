"""PAdES sealing and validation with pyHanko (the only module importing it).

The organization's key and certificate are read from SIGNING_KEY_PATH and
SIGNING_CERT_PATH. ``create_signing_certificate`` makes a self-signed pair
for development; in DEBUG a missing pair is created on first use.

Every certificate that has sealed a PDF is kept in SIGNING_CERT_HISTORY_DIR
(one ``<sha256 fingerprint>.pem`` each, outside the database like the key),
and validation trusts all of them: PDFs sealed before a key rotation still
verify.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from signing.errors import SigningError

logger = logging.getLogger("signing")
FIELD_NAME = "ConferenceSeal"
# Document-info keys the covenant PDF carries (WeasyPrint keeps only the
# alphanumerics of a <meta name>, lower-cased): see templates/signing/pdf/.
INFO_CEREMONY = "/hoinghiceremony"
INFO_AUDIT_COUNT = "/hoinghiauditcount"
INFO_AUDIT_HEAD = "/hoinghiaudithead"


def create_certificate(
    *, key_path: Path, cert_path: Path, common_name: str, organization: str, days: int = 3650
) -> None:
    """Write a new RSA-3072 key and a self-signed certificate (PEM) for development."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_path.parent.mkdir(parents=True, exist_ok=True)
    cert_path.parent.mkdir(parents=True, exist_ok=True)
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_path.chmod(0o600)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def _paths() -> tuple[Path, Path]:
    return Path(settings.SIGNING_KEY_PATH), Path(settings.SIGNING_CERT_PATH)


def history_dir() -> Path:
    configured = getattr(settings, "SIGNING_CERT_HISTORY_DIR", "")
    return Path(configured) if configured else _paths()[1].parent / "history"


def _der(data: bytes) -> bytes:
    from asn1crypto import pem

    if pem.detect(data):
        _type, _headers, data = pem.unarmor(data)
    return data


def fingerprint(cert_bytes: bytes) -> str:
    """SHA-256 of the certificate's DER encoding (PEM or DER accepted)."""
    return hashlib.sha256(_der(cert_bytes)).hexdigest()


def archive_certificate(
    cert_path: Path | None = None, *, history: Path | None = None
) -> str | None:
    """Keep a copy of the certificate in the history; its fingerprint."""
    cert_path = Path(cert_path or _paths()[1])
    if not cert_path.exists():
        return None
    data = cert_path.read_bytes()
    digest = fingerprint(data)
    target = (history or history_dir()) / f"{digest}.pem"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return digest


def trusted_certificates() -> dict[str, bytes]:
    """Fingerprint → DER of the current certificate and every earlier one."""
    found: dict[str, bytes] = {}
    paths = [_paths()[1]]
    if history_dir().is_dir():
        paths += sorted(history_dir().glob("*.pem"))
    for path in paths:
        try:
            der = _der(Path(path).read_bytes())
        except OSError:
            continue
        found.setdefault(hashlib.sha256(der).hexdigest(), der)
    return found


def _signer_class():
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ec import ECDSA, EllipticCurvePrivateKey
    from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
    from pyhanko.sign import signers
    from pyhanko.sign.general import get_pyca_cryptography_hash

    class CachedKeySigner(signers.SimpleSigner):
        """SimpleSigner that parses (and, for RSA, validates) the key once.

        pyHanko's SimpleSigner reloads the private key for every raw
        signature, and cryptography re-checks an RSA key on each load:
        about 0.2 s per signature, twice per seal (size estimate + real).
        """

        _pyca_key = None

        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            if self._pyca_key is None:
                self._pyca_key = serialization.load_der_private_key(
                    self.signing_key.dump(), password=None
                )
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
            hash_algo = get_pyca_cryptography_hash(digest_algorithm)
            if mechanism == "rsassa_pkcs1v15" and isinstance(self._pyca_key, RSAPrivateKey):
                return self._pyca_key.sign(data, PKCS1v15(), hash_algo)
            if mechanism == "ecdsa" and isinstance(self._pyca_key, EllipticCurvePrivateKey):
                return self._pyca_key.sign(data, ECDSA(hash_algo))
            return super().sign_raw(data, digest_algorithm)

    return CachedKeySigner


@lru_cache(maxsize=4)
def _signer(key_path: str, cert_path: str, key_mtime: float, cert_mtime: float):
    from pyhanko.sign import signers

    passphrase = getattr(settings, "SIGNING_KEY_PASSPHRASE", "") or None
    loaded = signers.SimpleSigner.load(
        key_path, cert_path, key_passphrase=passphrase.encode() if passphrase else None
    )
    if loaded is None:
        raise SigningError(
            _("The organization's signing certificate is not configured."), code="no_certificate"
        )
    return _signer_class()(
        signing_cert=loaded.signing_cert,
        signing_key=loaded.signing_key,
        cert_registry=loaded.cert_registry,
    )


def load_signer():
    key_path, cert_path = _paths()
    if not (key_path.exists() and cert_path.exists()):
        if not settings.DEBUG:
            raise SigningError(
                _("The organization's signing certificate is not configured."),
                code="no_certificate",
            )
        logger.warning("Creating a self-signed development certificate in %s", key_path.parent)
        create_certificate(
            key_path=key_path,
            cert_path=cert_path,
            common_name="Hội nghị development seal",
            organization="Hội nghị (development)",
        )
    return _signer(
        str(key_path), str(cert_path), key_path.stat().st_mtime, cert_path.stat().st_mtime
    )


def seal_pdf(pdf: bytes, *, reason: str, location: str) -> bytes:
    """Sign the whole PDF (PAdES baseline B) with the organization's key."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = load_signer()
    archive_certificate()
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        reason=reason,
        location=location,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    out = io.BytesIO()
    signers.PdfSigner(meta, signer=signer).sign_pdf(writer, output=out)
    return out.getvalue()


def current_fingerprint() -> str:
    cert_path = _paths()[1]
    return fingerprint(cert_path.read_bytes()) if cert_path.exists() else ""


@dataclass(frozen=True)
class SealCheck:
    valid: bool
    intact: bool
    trusted: bool
    covers_whole_file: bool
    signer: str = ""
    problem: str = ""
    fingerprint: str = ""


def pdf_statement(pdf: bytes) -> dict:
    """What the covenant PDF says about itself in its document info: the
    ceremony's public id and the audit chain's head when it was sealed.
    Empty for a PDF that is not ours or unreadable."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        info = reader.trailer_view.get("/Info")
        info = info.get_object() if info is not None else {}
        values = {
            key: str(info.get(key, ""))
            for key in (INFO_CEREMONY, INFO_AUDIT_COUNT, INFO_AUDIT_HEAD)
        }
    except Exception:
        return {}
    return {
        "ceremony": values[INFO_CEREMONY],
        "audit_count": values[INFO_AUDIT_COUNT],
        "audit_head": values[INFO_AUDIT_HEAD],
    }


def validate_pdf(pdf: bytes, *, trust_cert_path: Path | None = None) -> SealCheck:
    """Is the PDF's seal intact, made by one of our certificates (current or
    earlier), and covering everything?"""
    from asn1crypto import x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    if trust_cert_path is not None:
        try:
            ders = [_der(Path(trust_cert_path).read_bytes())]
        except OSError:
            ders = []
    else:
        ders = list(trusted_certificates().values())
    if not ders:
        return SealCheck(False, False, False, False, problem="no_trust_root")
    roots = [x509.Certificate.load(der) for der in ders]
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        sigs = reader.embedded_signatures
    except Exception:
        return SealCheck(False, False, False, False, problem="unreadable")
    if not sigs:
        return SealCheck(False, False, False, False, problem="no_signature")
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    try:
        status = validate_pdf_signature(sigs[-1], context)
    except Exception as error:
        logger.info("PAdES validation failed: %s", error)
        return SealCheck(False, False, False, False, problem="invalid")
    covers = status.coverage is not None and status.coverage.name == "ENTIRE_FILE"
    valid = bool(status.intact and status.valid and status.trusted and covers)
    signer = status.signing_cert.subject.human_friendly if status.signing_cert else ""
    digest = hashlib.sha256(status.signing_cert.dump()).hexdigest() if status.signing_cert else ""
    return SealCheck(
        valid, bool(status.intact), bool(status.trusted), covers, signer, fingerprint=digest
    )
