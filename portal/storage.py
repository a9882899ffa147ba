"""Encrypted file storage: AES-256-GCM in 64 KB segments, a fresh data key per file.

Layout of a stored file: segments of ciphertext+tag. Segment i is sealed with nonce
`prefix || i` and associated data `file id || i || last`, so reordering, truncating or
swapping segments between files fails like any other tampering. The data key is wrapped with
the master key (AES-GCM) and kept in the database; the master key comes from configuration
(generated into the data directory in the demo). A file is written to a temporary name, synced
and renamed, so a reader never sees half of one.
"""

import base64
import os
import secrets
import struct
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import current_app

from common.datadir import ensure_dir, write_private

SEGMENT = 64 * 1024
TAG = 16


class Tampered(Exception):
    """The stored ciphertext does not authenticate: never serve it."""


@dataclass(frozen=True)
class Sealed:
    file_id: str
    wrapped_key: bytes
    nonce_prefix: bytes
    size: int


def master_key() -> bytes:
    configured = current_app.config.get("MASTER_KEY")
    if configured:
        return base64.b64decode(configured)
    path = Path(current_app.config["DATA_DIR"]) / "portal-keys" / "master.key"
    if not path.exists():
        ensure_dir(path.parent)
        write_private(path, base64.b64encode(AESGCM.generate_key(bit_length=256)))
    return base64.b64decode(path.read_bytes())


def files_dir() -> Path:
    return ensure_dir(Path(current_app.config["DATA_DIR"]) / "files")


def wrap(data_key: bytes, file_id: str) -> bytes:
    nonce = secrets.token_bytes(12)
    return nonce + AESGCM(master_key()).encrypt(nonce, data_key, file_id.encode())


def unwrap(wrapped: bytes, file_id: str) -> bytes:
    try:
        return AESGCM(master_key()).decrypt(wrapped[:12], wrapped[12:], file_id.encode())
    except InvalidTag as error:
        raise Tampered(f"data key of {file_id}") from error


def segment_context(file_id: str, index: int, last: bool, prefix: bytes) -> tuple[bytes, bytes]:
    nonce = prefix + struct.pack(">I", index)
    return nonce, file_id.encode() + struct.pack(">I?", index, last)


def seal(plaintext: bytes) -> Sealed:
    """Encrypt and store a file; returns what the database must keep to read it back."""
    file_id, data_key, prefix = secrets.token_hex(16), AESGCM.generate_key(256), os.urandom(8)
    aes, folder = AESGCM(data_key), files_dir()
    temporary = folder / f"{file_id}.part"
    count = max(1, -(-len(plaintext) // SEGMENT))
    with open(temporary, "wb") as handle:
        for index in range(count):
            chunk = plaintext[index * SEGMENT : (index + 1) * SEGMENT]
            nonce, aad = segment_context(file_id, index, index == count - 1, prefix)
            handle.write(aes.encrypt(nonce, chunk, aad))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, folder / f"{file_id}.bin")
    return Sealed(file_id, wrap(data_key, file_id), prefix, len(plaintext))


def segments(file_id: str, wrapped_key: bytes, prefix: bytes) -> Iterator[bytes]:
    """The plaintext a segment at a time; raises Tampered at the first segment that fails."""
    aes, path = AESGCM(unwrap(wrapped_key, file_id)), files_dir() / f"{file_id}.bin"
    if not path.exists():
        raise Tampered(f"{file_id} is missing")
    count = max(1, -(-path.stat().st_size // (SEGMENT + TAG)))

    def decrypted() -> Iterator[bytes]:
        with open(path, "rb") as handle:
            for index in range(count):
                nonce, aad = segment_context(file_id, index, index == count - 1, prefix)
                try:
                    yield aes.decrypt(nonce, handle.read(SEGMENT + TAG), aad)
                except InvalidTag as error:
                    raise Tampered(f"{file_id} segment {index}") from error

    return decrypted()


def verified_segments(file_id: str, wrapped_key: bytes, prefix: bytes) -> Iterator[bytes]:
    """Check every segment first, then stream: a tampered file is refused before a byte goes out,
    and no more than one segment of it is in memory at a time."""
    for _ in segments(file_id, wrapped_key, prefix):
        pass
    return segments(file_id, wrapped_key, prefix)


def open_sealed(file_id: str, wrapped_key: bytes, prefix: bytes) -> bytes:
    """The whole plaintext, only if every segment authenticates."""
    return b"".join(segments(file_id, wrapped_key, prefix))


def discard(file_id: str) -> None:
    (files_dir() / f"{file_id}.bin").unlink(missing_ok=True)


def sweep(known_ids: set[str], older_than_seconds: int = 3600) -> int:
    """Remove temporary files and files no record points at (left by a killed process)."""
    removed, cutoff = 0, time.time() - older_than_seconds
    for path in files_dir().iterdir():
        orphan = path.suffix == ".bin" and path.stem not in known_ids
        if (path.suffix == ".part" or orphan) and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
