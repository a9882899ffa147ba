"""Real files for upload tests, made on the spot: PDFs, images, signatures, impostors."""

import io
from datetime import UTC, datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs7
from PIL import Image
from pypdf import PdfWriter

from common.certs import make_self_signed


def pdf(pages: int = 1, padding: int = 0) -> bytes:
    """A valid PDF; `padding` bytes of metadata make it as large as a test needs."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if padding:
        writer.add_metadata({"/Padding": "x" * padding})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="secret", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image(fmt: str = "PNG", size: tuple[int, int] = (800, 600)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 220, 240)).save(out, format=fmt)
    return out.getvalue()


def executable() -> bytes:
    """The start of a Windows executable, as a renamed .exe would begin."""
    return b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 56 + b"This program cannot be run in DOS mode"


def truncated_pdf() -> bytes:
    return pdf()[:60]


class Signer:
    """Someone with a key and a certificate who signs documents (detached CMS, as CryptoARM)."""

    def __init__(self, name: str = "Иванова Мария Сергеевна"):
        key_pem, cert_pem = make_self_signed(name)
        self.key = serialization.load_pem_private_key(key_pem, None)
        self.certificate = x509.load_pem_x509_certificate(cert_pem)

    def sign(self, document: bytes) -> bytes:
        return (
            pkcs7.PKCS7SignatureBuilder()
            .set_data(document)
            .add_signer(self.certificate, self.key, hashes.SHA256())
            .sign(
                serialization.Encoding.DER,
                [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary],
            )
        )


def now_utc() -> datetime:
    return datetime.now(UTC)
