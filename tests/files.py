"""Real files for upload tests, made on the spot: PDFs, images, signatures, impostors."""

import io
import zlib
from datetime import UTC, datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs7
from PIL import Image
from pypdf import PdfWriter

from common.certs import issue_signing, make_self_signed


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
    """Someone with a key and a certificate who signs documents (detached CMS, as CryptoARM):
    a self-made certificate, or one issued by `issuer` (its key PEM and certificate PEM)."""

    def __init__(self, name: str = "Иванова Мария Сергеевна", issuer: tuple | None = None):
        if issuer is None:
            key_pem, cert_pem = make_self_signed(name)
        else:
            issuer_key = serialization.load_pem_private_key(issuer[0], None)
            issuer_cert = x509.load_pem_x509_certificate(issuer[1])
            key_pem, cert_pem = issue_signing(issuer_key, issuer_cert, name)
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


def _xref_stream(body: bytearray, entries: list[tuple[int, int, int]], root: int) -> bytes:
    """Close a hand-built PDF with a cross-reference stream over `entries` (type, field, field)."""
    number, offset = len(entries), len(body)
    entries = [*entries, (1, offset, 0)]
    table = b"".join(
        bytes([t]) + a.to_bytes(4, "big") + b.to_bytes(2, "big") for t, a, b in entries
    )
    size = len(entries)
    head = f"<< /Type /XRef /W [1 4 2] /Size {size} /Root {root} 0 R /Length {len(table)} >>"
    body += f"{number} 0 obj\n{head}\nstream\n".encode() + table + b"\nendstream\nendobj\n"
    return bytes(body) + f"startxref\n{offset}\n%%EOF\n".encode()


def _object_stream(number: int, inner: int, text: bytes, zeros: int) -> bytes:
    """An object stream holding one object, padded with `zeros` bytes that compress to nothing."""
    index = f"{inner} 0 ".encode()
    packer = zlib.compressobj(9)
    chunk = b"\x00" * MEGABYTE_OF_ZEROS
    data = packer.compress(index + text)
    for _ in range(zeros // MEGABYTE_OF_ZEROS):
        data += packer.compress(chunk)
    data += packer.flush()
    head = f"<< /Type /ObjStm /N 1 /First {len(index)} /Filter /FlateDecode /Length {len(data)} >>"
    return f"{number} 0 obj\n{head}\nstream\n".encode() + data + b"\nendstream\nendobj\n"


MEGABYTE_OF_ZEROS = 1024 * 1024


def pdf_bomb(pages: int = 8, zeros: int = 70 * MEGABYTE_OF_ZEROS) -> bytes:
    """A small PDF whose page tree sits in object streams, each padded with `zeros` bytes of zeros.

    Each page and the page tree are in their own object stream, so opening the pages inflates
    all of them: with the defaults, well under 1 MB on disk and about 600 MB when read.
    """
    body = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    entries: list[tuple[int, int, int]] = [(0, 0, 65535)]
    entries.append((1, len(body), 0))
    body += b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    kids = " ".join(f"{3 + i} 0 R" for i in range(pages))
    tree = f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode()
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"
    first_stream = 3 + pages
    entries += [(2, first_stream + i, 0) for i in range(pages + 1)]
    for i, text in enumerate([tree] + [page] * pages):
        entries.append((1, len(body), 0))
        body += _object_stream(first_stream + i, 2 + i, text, zeros)
    return _xref_stream(body, entries, root=1)


def pdf_with_one_huge_stream() -> bytes:
    """A PDF whose page tree sits in one object stream that inflates past 75 MB."""
    return pdf_bomb(pages=1, zeros=80 * MEGABYTE_OF_ZEROS)


def deeply_nested_pdf(depth: int = 100_000) -> bytes:
    """A PDF whose first page carries an array nested `depth` levels deep."""
    body = bytearray(b"%PDF-1.7\n")
    offsets = [len(body)]
    body += b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    offsets.append(len(body))
    body += b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
    offsets.append(len(body))
    nested = b"[" * depth + b"]" * depth
    body += b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Deep " + nested
    body += b" >>\nendobj\n"
    entries = [(0, 0, 65535)] + [(1, offset, 0) for offset in offsets]
    return _xref_stream(body, entries, root=1)


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    size, crc = len(data).to_bytes(4, "big"), zlib.crc32(kind + data).to_bytes(4, "big")
    return size + kind + data + crc


def png_bomb(chunks: int = 500) -> bytes:
    """A small PNG carrying `chunks` compressed text chunks that each inflate to almost 1 MB."""
    text = b"Comment\x00\x00" + zlib.compress(b"\x00" * (MEGABYTE_OF_ZEROS - 1024), 9)
    header = (100).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    pixels = zlib.compress(b"\x00" * (100 * (1 + 300)), 9)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"zTXt", text) * chunks
        + _png_chunk(b"IDAT", pixels)
        + _png_chunk(b"IEND", b"")
    )
