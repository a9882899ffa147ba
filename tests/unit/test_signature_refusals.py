"""client_secret signatures that must be refused: changed messages, foreign keys and
certificates, things that are not signatures."""

from __future__ import annotations

from pathlib import Path

import pytest
from asn1crypto import cms
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs7

from idp_mock.protocol.signatures import (
    SignatureError,
    decode_client_secret,
    verify_pkcs7,
)
from tests.support.signing import (
    MESSAGE,
    Identity,
    builder_sign,
    openssl_sign,
    urlsafe_unpadded,
)


def test_detached_signature_over_a_message_changed_by_one_byte_fails_on_the_digest(
    tmp_path: Path, registered: Identity
) -> None:
    der = openssl_sign(tmp_path, registered, MESSAGE, ["smime"], "-md", "sha256")
    tampered = MESSAGE[:-1] + bytes([MESSAGE[-1] ^ 1])

    with pytest.raises(SignatureError, match="message digest mismatch"):
        verify_pkcs7(der, tampered, registered.cert)


def test_detached_noattr_signature_over_a_message_changed_by_one_byte_does_not_verify(
    tmp_path: Path, registered: Identity
) -> None:
    der = openssl_sign(tmp_path, registered, MESSAGE, ["cms"], "-binary", "-noattr")
    tampered = b"X" + MESSAGE[1:]

    with pytest.raises(SignatureError, match="signature does not verify"):
        verify_pkcs7(der, tampered, registered.cert)


def test_attached_signature_whose_content_differs_from_the_message_is_rejected(
    registered: Identity,
) -> None:
    der = builder_sign(registered.cert, registered.key, b"some other state", [])

    with pytest.raises(SignatureError, match="content does not match"):
        verify_pkcs7(der, MESSAGE, registered.cert)


@pytest.mark.parametrize("command", [["smime"], ["cms"]])
def test_signature_by_a_foreign_key_and_certificate_is_rejected(
    tmp_path: Path, registered: Identity, foreign: Identity, command: list[str]
) -> None:
    der = openssl_sign(tmp_path, foreign, MESSAGE, command, "-binary")

    with pytest.raises(SignatureError, match="signer is not the registered certificate"):
        verify_pkcs7(der, MESSAGE, registered.cert)


@pytest.mark.parametrize("no_attributes", [False, True], ids=["attrs", "noattr"])
def test_foreign_key_signature_claiming_the_registered_certificate_is_rejected(
    registered: Identity, foreign: Identity, no_attributes: bool
) -> None:
    options = [pkcs7.PKCS7Options.DetachedSignature]
    if no_attributes:
        options.append(pkcs7.PKCS7Options.NoAttributes)
    # The builder does not check that the key belongs to the certificate: a ready-made forgery.
    forged = builder_sign(registered.cert, foreign.key, MESSAGE, options)
    signed_data = cms.ContentInfo.load(forged)["content"]
    assert signed_data["certificates"][0].chosen.dump() == registered.cert.public_bytes(
        serialization.Encoding.DER
    )

    with pytest.raises(SignatureError, match="signature does not verify"):
        verify_pkcs7(forged, MESSAGE, registered.cert)


def test_foreign_signer_hiding_behind_an_embedded_registered_certificate_is_rejected(
    tmp_path: Path, registered: Identity, foreign: Identity
) -> None:
    der = openssl_sign(tmp_path, foreign, MESSAGE, ["cms"], "-binary")
    info = cms.ContentInfo.load(der)
    registered_der = registered.cert.public_bytes(serialization.Encoding.DER)
    info["content"]["certificates"] = [cms.Certificate.load(registered_der)]
    forged = info.dump(force=True)

    with pytest.raises(SignatureError, match="signer is not the registered certificate"):
        verify_pkcs7(forged, MESSAGE, registered.cert)


def test_embedded_certificate_with_a_foreign_key_is_rejected_even_if_the_signature_matches(
    registered: Identity, foreign: Identity
) -> None:
    der = builder_sign(foreign.cert, foreign.key, MESSAGE, [pkcs7.PKCS7Options.DetachedSignature])

    with pytest.raises(SignatureError, match="signer is not the registered certificate"):
        verify_pkcs7(der, MESSAGE, registered.cert)


@pytest.mark.parametrize(
    "secret",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"\x00\x01garbage", id="garbage"),
        pytest.param(b"\x30\x03\x02\x01\x01", id="der-but-not-cms"),
    ],
)
def test_non_cms_input_is_rejected_as_not_signed_data(registered: Identity, secret: bytes) -> None:
    with pytest.raises(SignatureError, match="not a CMS SignedData"):
        verify_pkcs7(secret, MESSAGE, registered.cert)


def test_a_certificate_sent_instead_of_a_signature_is_rejected(registered: Identity) -> None:
    der = registered.cert.public_bytes(serialization.Encoding.DER)

    with pytest.raises(SignatureError, match="not a CMS SignedData"):
        verify_pkcs7(der, MESSAGE, registered.cert)


def test_truncated_signature_is_rejected(tmp_path: Path, registered: Identity) -> None:
    der = openssl_sign(tmp_path, registered, MESSAGE, ["smime"], "-md", "sha256")
    secret = urlsafe_unpadded(der[: len(der) * 3 // 4])

    with pytest.raises(SignatureError, match="not a CMS SignedData"):
        verify_pkcs7(decode_client_secret(secret), MESSAGE, registered.cert)


@pytest.mark.parametrize("secret", ["", "   ", "=="], ids=["empty", "blank", "only-padding"])
def test_empty_client_secret_is_rejected(secret: str) -> None:
    with pytest.raises(SignatureError, match="empty client_secret"):
        decode_client_secret(secret)


@pytest.mark.parametrize("secret", ["not base64!", "abcde", "ab=cd", "MIA\x00GCSqG"], ids=repr)
def test_garbage_client_secret_is_rejected(secret: str) -> None:
    with pytest.raises(SignatureError, match="not base64"):
        decode_client_secret(secret)
