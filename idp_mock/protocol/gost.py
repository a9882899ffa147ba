"""The simulator's name for the GOST R 34.10-2012 primitives, which live in `common.gost` so that
the cabinet signs and verifies with the same code."""

from common.gost import (
    CURVES,
    DEFAULT_PARAMSET,
    GOST_KEY,
    GOST_SIGNATURE,
    STREEBOG_256,
    GostError,
    Issuer,
    certificate_key,
    issued_by,
    make_certificate,
    new_private_key,
    pem,
    public_key,
    sign,
    verify,
)

__all__ = [
    "CURVES",
    "DEFAULT_PARAMSET",
    "GOST_KEY",
    "GOST_SIGNATURE",
    "STREEBOG_256",
    "GostError",
    "Issuer",
    "certificate_key",
    "issued_by",
    "make_certificate",
    "new_private_key",
    "pem",
    "public_key",
    "sign",
    "verify",
]
