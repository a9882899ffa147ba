"""Forged JWTs: unsigned, HMAC'd with the public key, signed by a stranger, or with bad claims."""

import base64
import hashlib
import hmac
import json

import jwt

from common.certs import make_self_signed


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def assemble(header: dict, claims: dict, sign) -> str:
    head = b64(json.dumps(header).encode()) + "." + b64(json.dumps(claims).encode())
    return head + "." + b64(sign(head.encode()))


def unsigned(claims: dict, header: dict) -> str:
    """alg=none with an empty signature (RFC 7519 §6.1)."""
    return assemble({**header, "alg": "none"}, claims, lambda _: b"")


def hs256_with(public_pem: bytes, claims: dict, header: dict) -> str:
    """The key-confusion attack: HS256 with the RSA public key's PEM as the shared secret."""
    return assemble(
        {**header, "alg": "HS256"},
        claims,
        lambda message: hmac.new(public_pem, message, hashlib.sha256).digest(),
    )


def by_stranger(claims: dict, header: dict) -> str:
    """RS256 by a key that is not the simulator's, under the simulator's kid."""
    key_pem, _ = make_self_signed("NOT ESIA")
    return jwt.encode(claims, key_pem, algorithm="RS256", headers=header)


def forgeries(public_pem: bytes, claims: dict, header: dict) -> dict[str, str]:
    return {
        "alg=none": unsigned(claims, header),
        "alg=None": assemble({**header, "alg": "None"}, claims, lambda _: b""),
        "HS256 with the public key": hs256_with(public_pem, claims, header),
        "RS256 by another key": by_stranger(claims, header),
    }
