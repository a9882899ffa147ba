"""Decoding client_secret from every encoding clients use, and raw RSA signatures (v2/v3)."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from idp_mock.protocol.signatures import (
    SignatureError,
    decode_client_secret,
    verify_raw_rsa,
)
from tests.support.signing import (
    MESSAGE,
    Identity,
)


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda b: base64.b64encode(b).decode(), id="standard"),
        pytest.param(lambda b: base64.urlsafe_b64encode(b).decode(), id="urlsafe-padded"),
        pytest.param(lambda b: base64.urlsafe_b64encode(b).decode().rstrip("="), id="unpadded"),
        pytest.param(
            lambda b: base64.urlsafe_b64encode(b).decode().replace("=", "", 1), id="partial-pad"
        ),
        pytest.param(lambda b: base64.b64encode(b).decode().replace("+", " "), id="spaces"),
        pytest.param(lambda b: f"\t{base64.b64encode(b).decode()}\r\n", id="surrounded"),
        pytest.param(lambda b: base64.encodebytes(b).decode(), id="line-wrapped"),
    ],
)
def test_client_secret_decodes_from_every_encoding_clients_use(encode) -> None:
    # 2 bytes mod 3 -> two padding chars; 0xfb 0xff -> '+' and '/' (or '-' and '_').
    raw = b"\xfb\xff\xbe" * 30 + b"\xfb\xef"
    assert decode_client_secret(encode(raw)) == raw


def test_raw_rsa_sha256_signature_verifies(registered: Identity) -> None:
    signature = registered.key.sign(MESSAGE, padding.PKCS1v15(), hashes.SHA256())

    verify_raw_rsa(signature, MESSAGE, registered.cert)


def test_raw_rsa_signature_over_a_tampered_message_does_not_verify(registered: Identity) -> None:
    signature = registered.key.sign(MESSAGE, padding.PKCS1v15(), hashes.SHA256())

    with pytest.raises(SignatureError, match="signature does not verify"):
        verify_raw_rsa(signature, MESSAGE + b"x", registered.cert)


def test_raw_rsa_signature_by_a_foreign_key_does_not_verify(
    registered: Identity, foreign: Identity
) -> None:
    signature = foreign.key.sign(MESSAGE, padding.PKCS1v15(), hashes.SHA256())

    with pytest.raises(SignatureError, match="signature does not verify"):
        verify_raw_rsa(signature, MESSAGE, registered.cert)


def test_spaces_at_either_end_of_a_secret_are_form_decoded_plus_signs() -> None:
    raw = b"\xfb\xef\xbe\x01\x02\xfe"  # "++++AQL+"
    mangled = base64.b64encode(raw).decode().replace("+", " ")
    assert mangled.startswith(" ") and mangled.endswith(" ")

    assert decode_client_secret(mangled) == raw
