"""PAdES signatures with pyHanko: a local CA for the demo, signing with a PKCS#12 key, and
checking any PDF someone uploads.

Production keeps each signing official's key in a PKCS#12 file issued by the region's CA
(or BSrE) or on a PKCS#11 token; see docs/operations.md. Nothing here knows about permits.
"""

import asyncio
import concurrent.futures
import datetime
import io
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.utils.translation import gettext as _
from pyhanko import stamp
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError as PyHankoSigningError
from pyhanko.sign.general import get_pyca_cryptography_hash
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

SIGNATURE_FIELD = "TandaTanganElektronik"


class SigningError(Exception):
    """The document could not be signed; the message says why, in the user's language."""


# The demo's certificate authority ---------------------------------------------------------


@dataclass(frozen=True)
class Authority:
    key: rsa.RSAPrivateKey
    certificate: x509.Certificate

    @property
    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)


def authority_create(*, name: str, days: int = 3650) -> Authority:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, name),
            x509.NameAttribute(NameOID.COMMON_NAME, f"{name} CA (demo)"),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
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
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Authority(key, certificate)


def authority_save(authority: Authority, directory: Path, passphrase: bytes) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "ca.pem").write_bytes(authority.pem)
    (directory / "ca-key.pem").write_bytes(
        authority.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(passphrase),
        )
    )


def authority_load(directory: Path, passphrase: bytes) -> Authority:
    key = serialization.load_pem_private_key((directory / "ca-key.pem").read_bytes(), passphrase)
    certificate = x509.load_pem_x509_certificate((directory / "ca.pem").read_bytes())
    return Authority(key, certificate)


def signer_certificate_issue(
    authority: Authority,
    *,
    name: str,
    organization: str,
    email: str = "",
    passphrase: str,
    not_before: datetime.datetime | None = None,
    days: int = 730,
) -> bytes:
    """A PKCS#12 file (key, certificate and the CA) for one signing official."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    start = not_before or datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=1)
    attributes = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
        x509.NameAttribute(NameOID.COMMON_NAME, name),
    ]
    if email:
        attributes.append(x509.NameAttribute(NameOID.EMAIL_ADDRESS, email))
    certificate = (
        x509.CertificateBuilder()
        .subject_name(x509.Name(attributes))
        .issuer_name(authority.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(authority.key.public_key()),
            critical=False,
        )
        .sign(authority.key, hashes.SHA256())
    )
    return pkcs12.serialize_key_and_certificates(
        name.encode(),
        key,
        certificate,
        [authority.certificate],
        serialization.BestAvailableEncryption(passphrase.encode()),
    )


def certificate_summary(p12: bytes, passphrase: str) -> tuple[str, datetime.datetime]:
    """The certificate's common name and end of validity (checks the passphrase too)."""
    _key, certificate, _chain = _load_p12(p12, passphrase)
    name = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
    return str(name), certificate.not_valid_after_utc


def _load_p12(p12: bytes, passphrase: str):
    try:
        return pkcs12.load_key_and_certificates(p12, passphrase.encode())
    except ValueError:
        raise SigningError(_("The signing passphrase is wrong.")) from None


# Signing ---------------------------------------------------------------------------------


class _OpenedKeySigner(signers.SimpleSigner):
    """pyHanko's signer, using the key opened once with the passphrase: its own would parse
    (and re-validate) the RSA key again for every signature."""

    def __init__(self, key, **kwargs):
        super().__init__(**kwargs)
        self._opened_key = key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        if mechanism.signature_algo == "rsassa_pkcs1v15" and isinstance(
            self._opened_key, rsa.RSAPrivateKey
        ):
            return self._opened_key.sign(
                data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm)
            )
        return super().sign_raw(data, digest_algorithm)


def pdf_sign(
    pdf: bytes,
    *,
    p12: bytes,
    passphrase: str,
    box: tuple[int, int, int, int],
    stamp_text: str,
    reason: str,
    location: str,
    now: datetime.datetime | None = None,
) -> bytes:
    """Sign `pdf` (PAdES baseline B) with a visible signature in `box` on the first page,
    with a key from a PKCS#12 file opened by the passphrase."""
    key, certificate, chain = _load_p12(p12, passphrase)
    _check_validity(certificate, now)
    # Built from the key already opened: the passphrase's key derivation runs once.
    signer = _OpenedKeySigner(
        key,
        signing_cert=_asn1(certificate),
        signing_key=asn1_keys.PrivateKeyInfo.load(
            key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        ),
        cert_registry=SimpleCertificateStore.from_certs([_asn1(c) for c in chain or []]),
    )
    return _sign(signer, pdf, box=box, stamp_text=stamp_text, reason=reason, location=location)


def pdf_sign_pkcs11(
    pdf: bytes,
    *,
    library: str,
    token_label: str,
    key_label: str,
    certificate_pem: str,
    pin: str,
    box: tuple[int, int, int, int],
    stamp_text: str,
    reason: str,
    location: str,
    now: datetime.datetime | None = None,
) -> bytes:
    """The same signature with a key that never leaves a PKCS#11 token (smart card, HSM);
    the official's PIN opens the token."""
    import pkcs11
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign import pkcs11 as pyhanko_pkcs11

    certificate = x509.load_pem_x509_certificate(certificate_pem.encode())
    _check_validity(certificate, now)
    if not library or not Path(library).exists():
        raise SigningError(_("The signing token's library is not configured on this server."))
    try:
        session = pyhanko_pkcs11.open_pkcs11_session(
            library, token_criteria=TokenCriteria(label=token_label), user_pin=pin
        )
    except pkcs11.PinIncorrect:
        raise SigningError(_("The signing passphrase is wrong.")) from None
    except (pkcs11.PKCS11Error, PyHankoSigningError) as error:
        raise SigningError(
            _("The signing token cannot be used: %(error)s") % {"error": type(error).__name__}
        ) from None
    try:
        signer = pyhanko_pkcs11.PKCS11Signer(
            session, key_label=key_label, signing_cert=_asn1(certificate)
        )
        return _sign(signer, pdf, box=box, stamp_text=stamp_text, reason=reason, location=location)
    finally:
        session.close()


def _check_validity(certificate: x509.Certificate, now: datetime.datetime | None) -> None:
    moment = now or datetime.datetime.now(datetime.UTC)
    if not certificate.not_valid_before_utc <= moment <= certificate.not_valid_after_utc:
        raise SigningError(
            _("The signing certificate is not valid today (valid %(start)s to %(end)s).")
            % {
                "start": certificate.not_valid_before_utc.date().isoformat(),
                "end": certificate.not_valid_after_utc.date().isoformat(),
            }
        )


def _asn1(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def _sign(signer, pdf: bytes, *, box, stamp_text, reason, location) -> bytes:
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        md_algorithm="sha256",
        reason=reason,
        location=location,
        subfilter=fields.SigSeedSubFilter.PADES,
    )
    pdf_signer = signers.PdfSigner(
        metadata,
        signer=signer,
        stamp_style=stamp.TextStampStyle(
            stamp_text=stamp_text + "\n%(ts)s", timestamp_format="%d-%m-%Y %H:%M:%S UTC"
        ),
        new_field_spec=fields.SigFieldSpec(sig_field_name=SIGNATURE_FIELD, on_page=0, box=box),
    )
    out = io.BytesIO()
    # Room reserved for the signature container (RSA up to 4096 bits and a short chain), so
    # pyHanko need not sign once more just to measure it.
    _outside_event_loop(
        pdf_signer.sign_pdf,
        IncrementalPdfFileWriter(io.BytesIO(pdf)),
        output=out,
        bytes_reserved=16384,
    )
    return out.getvalue()


# Checking an uploaded PDF ------------------------------------------------------------------


@dataclass(frozen=True)
class SignatureCheck:
    """What a PDF's signature says: the verification page shows it as it is."""

    signed: bool
    intact: bool = False  # the signed bytes are unchanged
    valid: bool = False  # the signature is cryptographically sound
    trusted: bool = False  # the signer's certificate chains to a trusted root
    covers_whole_file: bool = False  # nothing was added after signing
    signer: str = ""
    signed_at: datetime.datetime | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.signed and self.intact and self.valid and self.trusted


def pdf_check(pdf: bytes, *, trust_roots: list[bytes]) -> SignatureCheck:
    """Validate the (last) signature of an uploaded PDF against our trusted roots."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = reader.embedded_signatures
    except (PdfReadError, ValueError, KeyError, TypeError, IndexError):
        return SignatureCheck(signed=False, problem=_("This file cannot be read as a PDF."))
    if not embedded:
        return SignatureCheck(signed=False, problem=_("This PDF carries no signature."))
    roots = [asn1_x509.Certificate.load(_der(pem)) for pem in trust_roots]
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    signature = embedded[-1]
    try:
        status = _outside_event_loop(validate_pdf_signature, signature, context)
    except Exception as error:  # a malformed signature is an answer, not a 500
        return SignatureCheck(
            signed=True, problem=_("The signature cannot be checked: %(error)s") % {"error": error}
        )
    name = status.signing_cert.subject.native.get("common_name", "")
    coverage = str(getattr(status.coverage, "name", status.coverage))
    return SignatureCheck(
        signed=True,
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        covers_whole_file=coverage == "ENTIRE_FILE",
        signer=str(name),
        signed_at=status.signer_reported_dt,
    )


def _outside_event_loop(function, *args, **kwargs):
    """pyHanko's synchronous API runs its own event loop; where one already runs in this
    thread (an ASGI server, a test driving a browser), it runs in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()


def _der(pem: bytes) -> bytes:
    return x509.load_pem_x509_certificate(pem).public_bytes(serialization.Encoding.DER)
