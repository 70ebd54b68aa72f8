"""PAdES sealing and validation with pyHanko (the only module importing it).

The organization's key and certificate are read from SIGNING_KEY_PATH and
SIGNING_CERT_PATH. ``create_signing_certificate`` makes a self-signed pair
for development; in DEBUG a missing pair is created on first use.
"""

from __future__ import annotations

import datetime as dt
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


@dataclass(frozen=True)
class SealCheck:
    valid: bool
    intact: bool
    trusted: bool
    covers_whole_file: bool
    signer: str = ""
    problem: str = ""


def validate_pdf(pdf: bytes, *, trust_cert_path: Path | None = None) -> SealCheck:
    """Is the PDF's seal intact, made by our certificate, and covering everything?"""
    from asn1crypto import pem, x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    cert_path = trust_cert_path or _paths()[1]
    try:
        der = Path(cert_path).read_bytes()
        if pem.detect(der):
            _type, _headers, der = pem.unarmor(der)
        root = x509.Certificate.load(der)
    except OSError:
        return SealCheck(False, False, False, False, problem="no_trust_root")
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        sigs = reader.embedded_signatures
    except Exception:
        return SealCheck(False, False, False, False, problem="unreadable")
    if not sigs:
        return SealCheck(False, False, False, False, problem="no_signature")
    context = ValidationContext(trust_roots=[root], allow_fetching=False)
    try:
        status = validate_pdf_signature(sigs[-1], context)
    except Exception as error:
        logger.info("PAdES validation failed: %s", error)
        return SealCheck(False, False, False, False, problem="invalid")
    covers = status.coverage is not None and status.coverage.name == "ENTIRE_FILE"
    valid = bool(status.intact and status.valid and status.trusted and covers)
    signer = status.signing_cert.subject.human_friendly if status.signing_cert else ""
    return SealCheck(valid, bool(status.intact), bool(status.trusted), covers, signer)
