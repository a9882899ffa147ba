"""Secrets are generated on first start into the data directory, never committed."""

import os
import secrets
from pathlib import Path


def ensure_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def write_private(path: Path, data: bytes) -> None:
    """Create a file only its owner can read, atomically, so a crash never leaves half a key."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)


def secret_key(data_dir: Path, name: str) -> str:
    path = ensure_dir(data_dir) / name
    if not path.exists():
        write_private(path, secrets.token_hex(32).encode())
    return path.read_text().strip()
