"""Encrypted file storage: AES-256-GCM in 64 KB segments, a fresh data key per file.

Layout of a stored file: segments of ciphertext+tag. Segment i is sealed with nonce
`prefix || i` and associated data `file id || i || last`, so reordering, truncating or
swapping segments between files fails like any other tampering. The data key is wrapped with
the master key (AES-GCM) and kept in the database; the master key comes from configuration
(generated into the data directory in the demo). The segments lie in the data directory or in
the database (`file_stores`); a reader never sees half of a file in either.
"""

import base64
import os
import secrets
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import current_app

from common.datadir import ensure_dir, write_private

from . import file_stores

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
    """The directory store's folder (the tester's snapshots keep their files beside it)."""
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
    aes = AESGCM(data_key)
    count = max(1, -(-len(plaintext) // SEGMENT))

    def sealed() -> Iterator[bytes]:
        for index in range(count):
            chunk = plaintext[index * SEGMENT : (index + 1) * SEGMENT]
            nonce, aad = segment_context(file_id, index, index == count - 1, prefix)
            yield aes.encrypt(nonce, chunk, aad)

    file_stores.current().write(file_id, sealed())
    return Sealed(file_id, wrap(data_key, file_id), prefix, len(plaintext))


def segments(file_id: str, wrapped_key: bytes, prefix: bytes) -> Iterator[bytes]:
    """The plaintext a segment at a time; raises Tampered at the first segment that fails."""
    aes = AESGCM(unwrap(wrapped_key, file_id))
    store, count = file_stores.holding(file_id, SEGMENT + TAG)
    if count is None:
        raise Tampered(f"{file_id} is missing")

    def decrypted() -> Iterator[bytes]:
        stored = store.read(file_id, SEGMENT + TAG)
        for index in range(count):
            nonce, aad = segment_context(file_id, index, index == count - 1, prefix)
            try:
                yield aes.decrypt(nonce, next(stored, b""), aad)
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
    for store in file_stores.every():
        store.discard(file_id)


def sweep(known_ids: set[str], older_than_seconds: int = 3600) -> int:
    """Remove what no record points at (left by a killed process) wherever files lie."""
    return sum(store.sweep(known_ids, older_than_seconds) for store in file_stores.every())
