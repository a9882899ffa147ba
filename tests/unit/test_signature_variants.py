"""client_secret signatures in every form real ESIA clients send them verify."""

from __future__ import annotations

import base64
import subprocess
from pathlib import Path

import pytest
from asn1crypto import cms
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.serialization import pkcs7

from idp_mock.protocol.signatures import (
    decode_client_secret,
    verify_pkcs7,
)
from tests.support.signing import (
    MESSAGE,
    Identity,
    builder_sign,
    der_tlv,
    has_embedded_content,
    openssl_sign,
    signer_info,
    urlsafe_unpadded,
)


def test_esia_connector_smime_detached_sha256_with_signed_attributes_verifies(
    tmp_path: Path, registered: Identity
) -> None:
    der = openssl_sign(tmp_path, registered, MESSAGE, ["smime"], "-md", "sha256")
    assert signer_info(der)["signed_attrs"].native
    assert not has_embedded_content(der)
    # esia-connector 0.16: base64.urlsafe_b64encode(...) keeps the '=' padding.
    secret = base64.urlsafe_b64encode(der).decode()

    verify_pkcs7(decode_client_secret(secret), MESSAGE, registered.cert)


def test_openssl_cms_binary_noattr_detached_with_stripped_padding_verifies(
    tmp_path: Path, registered: Identity
) -> None:
    der = openssl_sign(tmp_path, registered, MESSAGE, ["cms"], "-binary", "-noattr")
    assert not signer_info(der)["signed_attrs"].native
    assert not has_embedded_content(der)
    secret = urlsafe_unpadded(der)

    verify_pkcs7(decode_client_secret(secret), MESSAGE, registered.cert)


@pytest.mark.parametrize("digest", ["sha1", "sha256", "sha384", "sha512"])
def test_openssl_cms_detached_signature_verifies_with_each_supported_digest(
    tmp_path: Path, registered: Identity, digest: str
) -> None:
    der = openssl_sign(tmp_path, registered, MESSAGE, ["cms"], "-binary", "-md", digest)
    assert signer_info(der)["digest_algorithm"]["algorithm"].native == digest

    verify_pkcs7(der, MESSAGE, registered.cert)


def test_openssl_cms_rsassa_pss_signature_verifies(tmp_path: Path, registered: Identity) -> None:
    der = openssl_sign(
        tmp_path, registered, MESSAGE, ["cms"], "-binary", "-keyopt", "rsa_padding_mode:pss"
    )
    assert signer_info(der)["signature_algorithm"].signature_algo == "rsassa_pss"

    verify_pkcs7(der, MESSAGE, registered.cert)


def test_attached_signature_in_standard_base64_with_a_form_decoded_plus_verifies(
    registered: Identity,
) -> None:
    der = builder_sign(registered.cert, registered.key, MESSAGE, [])
    assert has_embedded_content(der)
    secret = base64.b64encode(der).decode()
    # A 2048-bit signature plus a certificate is ~1.5 kB: it has a '+' except with p ≈ 1e-10.
    assert "+" in secret
    mangled = secret.replace("+", " ", 1)

    verify_pkcs7(decode_client_secret(mangled), MESSAGE, registered.cert)


def test_attached_signature_without_attributes_verifies(registered: Identity) -> None:
    der = builder_sign(registered.cert, registered.key, MESSAGE, [pkcs7.PKCS7Options.NoAttributes])
    assert has_embedded_content(der)
    assert not signer_info(der)["signed_attrs"].native
    secret = base64.b64encode(der).decode().replace("+", " ")

    verify_pkcs7(decode_client_secret(secret), MESSAGE, registered.cert)


def test_passport_esia_style_secret_with_only_the_first_padding_char_stripped_verifies(
    registered: Identity,
) -> None:
    der = builder_sign(registered.cert, registered.key, MESSAGE, [pkcs7.PKCS7Options.NoAttributes])
    secret = base64.b64encode(der).decode()
    secret = secret.replace("+", "-").replace("/", "_").replace("=", "", 1)

    verify_pkcs7(decode_client_secret(secret), MESSAGE, registered.cert)


def test_ber_indefinite_length_attached_signature_verifies(
    tmp_path: Path, registered: Identity
) -> None:
    # With -stream and DER output openssl embeds the content even without -nodetach.
    ber = openssl_sign(tmp_path, registered, MESSAGE, ["cms"], "-binary", "-stream", "-nodetach")
    (tmp_path / "ber.der").write_bytes(ber)
    parsed = subprocess.run(
        ["openssl", "asn1parse", "-inform", "DER", "-in", str(tmp_path / "ber.der")],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "l=inf" in parsed.splitlines()[0]
    assert base64.b64encode(ber).startswith(b"MIAGCSqG")  # as in the Java/BouncyCastle example
    assert has_embedded_content(ber)

    verify_pkcs7(decode_client_secret(base64.b64encode(ber).decode()), MESSAGE, registered.cert)


def test_detached_pkcs7_with_signed_attributes_from_cryptography_verifies(
    registered: Identity,
) -> None:
    der = builder_sign(
        registered.cert, registered.key, MESSAGE, [pkcs7.PKCS7Options.DetachedSignature]
    )
    assert signer_info(der)["signed_attrs"].native
    assert not has_embedded_content(der)

    verify_pkcs7(decode_client_secret(urlsafe_unpadded(der)), MESSAGE, registered.cert)


def test_detached_pkcs7_without_attributes_from_cryptography_verifies(
    registered: Identity,
) -> None:
    options = [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.NoAttributes]
    der = builder_sign(registered.cert, registered.key, MESSAGE, options)

    verify_pkcs7(der, MESSAGE, registered.cert)


def test_detached_pkcs7_without_embedded_certificate_verifies(registered: Identity) -> None:
    options = [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.NoCerts]
    der = builder_sign(registered.cert, registered.key, MESSAGE, options)
    assert not cms.ContentInfo.load(der)["content"]["certificates"].native

    verify_pkcs7(der, MESSAGE, registered.cert)


def test_signed_attributes_in_unsorted_order_verify_over_the_bytes_as_sent(
    registered: Identity,
) -> None:
    # node-forge and other hand-rolled encoders write the SET OF in insertion order, not DER order,
    # and sign exactly those bytes.
    der = builder_sign(
        registered.cert, registered.key, MESSAGE, [pkcs7.PKCS7Options.DetachedSignature]
    )
    info = cms.ContentInfo.load(der)
    signer = info["content"]["signer_infos"][0]
    encoded = [attr.dump() for attr in signer["signed_attrs"]]
    unsorted = b"".join(reversed(encoded))
    assert unsorted != b"".join(sorted(encoded))
    signer["signed_attrs"] = cms.CMSAttributes.load(der_tlv(0xA0, unsorted), implicit=0)
    signer["signature"] = registered.key.sign(
        der_tlv(0x31, unsorted), padding.PKCS1v15(), hashes.SHA256()
    )
    reordered = info.dump()
    assert signer_info(reordered)["signed_attrs"].dump()[2:].endswith(unsorted)

    verify_pkcs7(reordered, MESSAGE, registered.cert)
