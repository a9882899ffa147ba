"""client_secret verification against signatures made the way real ESIA clients make them."""

from __future__ import annotations

import base64
import datetime
import hashlib
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from asn1crypto import cms, core
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import NameOID

from common.gost import streebog256
from idp_mock.protocol.signatures import (
    SignatureError,
    certificate_hash,
    certificate_sha256,
    decode_client_secret,
    load_certificate,
    verify_pkcs7,
    verify_raw_rsa,
)

# v1 message: scope + timestamp + client_id + state, concatenated without separators.
MESSAGE = (
    b"openid fullname snils email mobile"
    b"2025.11.26 04:17:36 +0300"
    b"MEDACCRED01"
    b"5b1c4c9e-3f0a-4f5e-9d0c-7a2d7f0b8e41"
)


@dataclass(frozen=True)
class Identity:
    key: rsa.RSAPrivateKey
    cert: x509.Certificate
    key_path: Path
    cert_path: Path


def _make_identity(directory: Path, common_name: str) -> Identity:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    key_path = directory / f"{common_name}.key"
    cert_path = directory / f"{common_name}.pem"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return Identity(key, cert, key_path, cert_path)


@pytest.fixture(scope="module")
def registered(tmp_path_factory: pytest.TempPathFactory) -> Identity:
    return _make_identity(tmp_path_factory.mktemp("registered"), "medaccred-client")


@pytest.fixture(scope="module")
def foreign(tmp_path_factory: pytest.TempPathFactory) -> Identity:
    return _make_identity(tmp_path_factory.mktemp("foreign"), "intruder")


def _openssl_sign(
    tmp_path: Path, who: Identity, message: bytes, command: list[str], *options: str
) -> bytes:
    """Run `openssl <command> -sign ... -outform DER` over `message`, return the DER/BER output."""
    msg_path = tmp_path / "message.txt"
    out_path = tmp_path / "signature.der"
    msg_path.write_bytes(message)
    subprocess.run(
        [
            "openssl",
            *command,
            "-sign",
            "-in",
            str(msg_path),
            "-signer",
            str(who.cert_path),
            "-inkey",
            str(who.key_path),
            # after -signer/-inkey, since -keyopt applies to the signer named before it
            *options,
            "-outform",
            "DER",
            "-out",
            str(out_path),
        ],
        check=True,
        capture_output=True,
    )
    return out_path.read_bytes()


def _builder_sign(
    who_cert: x509.Certificate,
    who_key: rsa.RSAPrivateKey,
    message: bytes,
    options: list[pkcs7.PKCS7Options],
) -> bytes:
    return (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(message)
        .add_signer(who_cert, who_key, hashes.SHA256())
        .sign(serialization.Encoding.DER, options)
    )


def _signer_info(der: bytes) -> cms.SignerInfo:
    return cms.ContentInfo.load(der)["content"]["signer_infos"][0]


def _has_embedded_content(der: bytes) -> bool:
    return cms.ContentInfo.load(der)["content"]["encap_content_info"]["content"].native is not None


def _der_tlv(tag: int, content: bytes) -> bytes:
    size = len(content)
    if size < 0x80:
        return bytes([tag, size]) + content
    length = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(length)]) + length + content


def _oid(dotted: str) -> bytes:
    return core.ObjectIdentifier(dotted).dump()


def _with_gost_public_key(cert: x509.Certificate) -> x509.Certificate:
    """The same certificate with a GOST R 34.10-2012-256 key, which cryptography cannot load."""
    gost_spki = _der_tlv(
        0x30,
        _der_tlv(
            0x30,
            _oid("1.2.643.7.1.1.1.1")
            + _der_tlv(0x30, _oid("1.2.643.7.1.2.1.1.1") + _oid("1.2.643.7.1.1.2.2")),
        )
        + _der_tlv(0x03, b"\x00" + core.OctetString(bytes(range(64))).dump()),
    )
    parsed = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    tbs = parsed["tbs_certificate"]
    tbs_body = tbs.contents.replace(tbs["subject_public_key_info"].dump(), gost_spki)
    der = _der_tlv(
        0x30,
        _der_tlv(0x30, tbs_body)
        + parsed["signature_algorithm"].dump()
        + parsed["signature_value"].dump(),
    )
    return x509.load_der_x509_certificate(der)


def _urlsafe_unpadded(der: bytes) -> str:
    return base64.urlsafe_b64encode(der).decode().rstrip("=")


# --- the variants real clients send -------------------------------------------------------


def test_esia_connector_smime_detached_sha256_with_signed_attributes_verifies(
    tmp_path: Path, registered: Identity
) -> None:
    der = _openssl_sign(tmp_path, registered, MESSAGE, ["smime"], "-md", "sha256")
    assert _signer_info(der)["signed_attrs"].native
    assert not _has_embedded_content(der)
    # esia-connector 0.16: base64.urlsafe_b64encode(...) keeps the '=' padding.
    secret = base64.urlsafe_b64encode(der).decode()

    verify_pkcs7(decode_client_secret(secret), MESSAGE, registered.cert)


def test_openssl_cms_binary_noattr_detached_with_stripped_padding_verifies(
    tmp_path: Path, registered: Identity
) -> None:
    der = _openssl_sign(tmp_path, registered, MESSAGE, ["cms"], "-binary", "-noattr")
    assert not _signer_info(der)["signed_attrs"].native
    assert not _has_embedded_content(der)
    secret = _urlsafe_unpadded(der)

    verify_pkcs7(decode_client_secret(secret), MESSAGE, registered.cert)


@pytest.mark.parametrize("digest", ["sha1", "sha256", "sha384", "sha512"])
def test_openssl_cms_detached_signature_verifies_with_each_supported_digest(
    tmp_path: Path, registered: Identity, digest: str
) -> None:
    der = _openssl_sign(tmp_path, registered, MESSAGE, ["cms"], "-binary", "-md", digest)
    assert _signer_info(der)["digest_algorithm"]["algorithm"].native == digest

    verify_pkcs7(der, MESSAGE, registered.cert)


def test_openssl_cms_rsassa_pss_signature_verifies(tmp_path: Path, registered: Identity) -> None:
    der = _openssl_sign(
        tmp_path, registered, MESSAGE, ["cms"], "-binary", "-keyopt", "rsa_padding_mode:pss"
    )
    assert _signer_info(der)["signature_algorithm"].signature_algo == "rsassa_pss"

    verify_pkcs7(der, MESSAGE, registered.cert)


def test_attached_signature_in_standard_base64_with_a_form_decoded_plus_verifies(
    registered: Identity,
) -> None:
    der = _builder_sign(registered.cert, registered.key, MESSAGE, [])
    assert _has_embedded_content(der)
    secret = base64.b64encode(der).decode()
    # A 2048-bit signature plus a certificate is ~1.5 kB: it has a '+' except with p ≈ 1e-10.
    assert "+" in secret
    mangled = secret.replace("+", " ", 1)

    verify_pkcs7(decode_client_secret(mangled), MESSAGE, registered.cert)


def test_attached_signature_without_attributes_verifies(registered: Identity) -> None:
    der = _builder_sign(registered.cert, registered.key, MESSAGE, [pkcs7.PKCS7Options.NoAttributes])
    assert _has_embedded_content(der)
    assert not _signer_info(der)["signed_attrs"].native
    secret = base64.b64encode(der).decode().replace("+", " ")

    verify_pkcs7(decode_client_secret(secret), MESSAGE, registered.cert)


def test_passport_esia_style_secret_with_only_the_first_padding_char_stripped_verifies(
    registered: Identity,
) -> None:
    der = _builder_sign(registered.cert, registered.key, MESSAGE, [pkcs7.PKCS7Options.NoAttributes])
    secret = base64.b64encode(der).decode()
    secret = secret.replace("+", "-").replace("/", "_").replace("=", "", 1)

    verify_pkcs7(decode_client_secret(secret), MESSAGE, registered.cert)


def test_ber_indefinite_length_attached_signature_verifies(
    tmp_path: Path, registered: Identity
) -> None:
    # With -stream and DER output openssl embeds the content even without -nodetach.
    ber = _openssl_sign(tmp_path, registered, MESSAGE, ["cms"], "-binary", "-stream", "-nodetach")
    (tmp_path / "ber.der").write_bytes(ber)
    parsed = subprocess.run(
        ["openssl", "asn1parse", "-inform", "DER", "-in", str(tmp_path / "ber.der")],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "l=inf" in parsed.splitlines()[0]
    assert base64.b64encode(ber).startswith(b"MIAGCSqG")  # as in the Java/BouncyCastle example
    assert _has_embedded_content(ber)

    verify_pkcs7(decode_client_secret(base64.b64encode(ber).decode()), MESSAGE, registered.cert)


def test_detached_pkcs7_with_signed_attributes_from_cryptography_verifies(
    registered: Identity,
) -> None:
    der = _builder_sign(
        registered.cert, registered.key, MESSAGE, [pkcs7.PKCS7Options.DetachedSignature]
    )
    assert _signer_info(der)["signed_attrs"].native
    assert not _has_embedded_content(der)

    verify_pkcs7(decode_client_secret(_urlsafe_unpadded(der)), MESSAGE, registered.cert)


def test_detached_pkcs7_without_attributes_from_cryptography_verifies(
    registered: Identity,
) -> None:
    options = [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.NoAttributes]
    der = _builder_sign(registered.cert, registered.key, MESSAGE, options)

    verify_pkcs7(der, MESSAGE, registered.cert)


def test_detached_pkcs7_without_embedded_certificate_verifies(registered: Identity) -> None:
    options = [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.NoCerts]
    der = _builder_sign(registered.cert, registered.key, MESSAGE, options)
    assert not cms.ContentInfo.load(der)["content"]["certificates"].native

    verify_pkcs7(der, MESSAGE, registered.cert)


def test_signed_attributes_in_unsorted_order_verify_over_the_bytes_as_sent(
    registered: Identity,
) -> None:
    # node-forge and other hand-rolled encoders write the SET OF in insertion order, not DER order,
    # and sign exactly those bytes.
    der = _builder_sign(
        registered.cert, registered.key, MESSAGE, [pkcs7.PKCS7Options.DetachedSignature]
    )
    info = cms.ContentInfo.load(der)
    signer = info["content"]["signer_infos"][0]
    encoded = [attr.dump() for attr in signer["signed_attrs"]]
    unsorted = b"".join(reversed(encoded))
    assert unsorted != b"".join(sorted(encoded))
    signer["signed_attrs"] = cms.CMSAttributes.load(_der_tlv(0xA0, unsorted), implicit=0)
    signer["signature"] = registered.key.sign(
        _der_tlv(0x31, unsorted), padding.PKCS1v15(), hashes.SHA256()
    )
    reordered = info.dump()
    assert _signer_info(reordered)["signed_attrs"].dump()[2:].endswith(unsorted)

    verify_pkcs7(reordered, MESSAGE, registered.cert)


# --- what must be rejected -----------------------------------------------------------------


def test_detached_signature_over_a_message_changed_by_one_byte_fails_on_the_digest(
    tmp_path: Path, registered: Identity
) -> None:
    der = _openssl_sign(tmp_path, registered, MESSAGE, ["smime"], "-md", "sha256")
    tampered = MESSAGE[:-1] + bytes([MESSAGE[-1] ^ 1])

    with pytest.raises(SignatureError, match="message digest mismatch"):
        verify_pkcs7(der, tampered, registered.cert)


def test_detached_noattr_signature_over_a_message_changed_by_one_byte_does_not_verify(
    tmp_path: Path, registered: Identity
) -> None:
    der = _openssl_sign(tmp_path, registered, MESSAGE, ["cms"], "-binary", "-noattr")
    tampered = b"X" + MESSAGE[1:]

    with pytest.raises(SignatureError, match="signature does not verify"):
        verify_pkcs7(der, tampered, registered.cert)


def test_attached_signature_whose_content_differs_from_the_message_is_rejected(
    registered: Identity,
) -> None:
    der = _builder_sign(registered.cert, registered.key, b"some other state", [])

    with pytest.raises(SignatureError, match="content does not match"):
        verify_pkcs7(der, MESSAGE, registered.cert)


@pytest.mark.parametrize("command", [["smime"], ["cms"]])
def test_signature_by_a_foreign_key_and_certificate_is_rejected(
    tmp_path: Path, registered: Identity, foreign: Identity, command: list[str]
) -> None:
    der = _openssl_sign(tmp_path, foreign, MESSAGE, command, "-binary")

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
    forged = _builder_sign(registered.cert, foreign.key, MESSAGE, options)
    signed_data = cms.ContentInfo.load(forged)["content"]
    assert signed_data["certificates"][0].chosen.dump() == registered.cert.public_bytes(
        serialization.Encoding.DER
    )

    with pytest.raises(SignatureError, match="signature does not verify"):
        verify_pkcs7(forged, MESSAGE, registered.cert)


def test_foreign_signer_hiding_behind_an_embedded_registered_certificate_is_rejected(
    tmp_path: Path, registered: Identity, foreign: Identity
) -> None:
    der = _openssl_sign(tmp_path, foreign, MESSAGE, ["cms"], "-binary")
    info = cms.ContentInfo.load(der)
    registered_der = registered.cert.public_bytes(serialization.Encoding.DER)
    info["content"]["certificates"] = [cms.Certificate.load(registered_der)]
    forged = info.dump(force=True)

    with pytest.raises(SignatureError, match="signer is not the registered certificate"):
        verify_pkcs7(forged, MESSAGE, registered.cert)


def test_embedded_certificate_with_a_foreign_key_is_rejected_even_if_the_signature_matches(
    registered: Identity, foreign: Identity
) -> None:
    der = _builder_sign(foreign.cert, foreign.key, MESSAGE, [pkcs7.PKCS7Options.DetachedSignature])

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
    der = _openssl_sign(tmp_path, registered, MESSAGE, ["smime"], "-md", "sha256")
    secret = _urlsafe_unpadded(der[: len(der) * 3 // 4])

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


# --- decoding -------------------------------------------------------------------------------


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


# --- raw RSA (v2/v3 with an RSA certificate) ---------------------------------------------------


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


# --- certificates -----------------------------------------------------------------------------


def test_certificate_loads_from_pem_text_pem_bytes_der_and_bare_base64(
    registered: Identity,
) -> None:
    pem = registered.cert.public_bytes(serialization.Encoding.PEM)
    der = registered.cert.public_bytes(serialization.Encoding.DER)
    for source in (pem, pem.decode(), der, base64.encodebytes(der)):
        assert load_certificate(source) == registered.cert


def test_loading_something_that_is_not_a_certificate_raises_value_error() -> None:
    with pytest.raises(ValueError):
        load_certificate("definitely not a certificate")


def test_certificate_hash_is_64_upper_hex_chars_and_deterministic(registered: Identity) -> None:
    value = certificate_hash(registered.cert)

    assert len(value) == 64
    assert value == value.upper()
    int(value, 16)
    assert certificate_hash(registered.cert) == value


def test_certificate_hash_differs_between_certificates(
    registered: Identity, foreign: Identity
) -> None:
    assert certificate_hash(registered.cert) != certificate_hash(foreign.cert)


def test_certificate_hash_is_streebog_256_of_the_der_bytes(registered: Identity) -> None:
    der = registered.cert.public_bytes(serialization.Encoding.DER)

    assert certificate_hash(registered.cert) == streebog256(der).hex().upper()


@pytest.mark.parametrize(
    ("data", "digest"),
    [
        # Byte order as printed by OpenSSL gost-engine, BouncyCastle and gogost; RFC 6986 prints
        # both message and digest byte-reversed (M1's digest there reads 00557be5...).
        (b"", "3f539a213e97c802cc229d474c6aa32a825a360b2a933a949fd925208d9ce1bb"),
        (
            b"012345678901234567890123456789012345678901234567890123456789012",
            "9d151eefd8590b89daa6ba6cb74af9275dd051026bb149a452fd84e5e57b5500",
        ),
        (
            bytes.fromhex(
                "d1e520e2e5f2f0e82c20d1f2f0e8e1eee6e820e2edf3f6e82c20e2e5fef2fa20f120eceef0ff"
                "20f1f2f0e5ebe0ece820ede020f5f0e0e1f0fbff20efebfaeafb20c8e3eef0e5e2fb"
            ),
            "9dd2fe4e90409e5da87f53976d7405b0c0cac628fc669a741d50063c557e8f50",
        ),
    ],
    ids=["empty", "rfc6986-M1", "rfc6986-M2"],
)
def test_streebog_256_matches_the_known_answer_vectors(data: bytes, digest: str) -> None:
    assert streebog256(data).hex() == digest


def test_certificate_sha256_is_sha256_of_the_der_bytes(registered: Identity) -> None:
    der = registered.cert.public_bytes(serialization.Encoding.DER)

    assert certificate_sha256(registered.cert) == hashlib.sha256(der).hexdigest().upper()


def test_spaces_at_either_end_of_a_secret_are_form_decoded_plus_signs() -> None:
    raw = b"\xfb\xef\xbe\x01\x02\xfe"  # "++++AQL+"
    mangled = base64.b64encode(raw).decode().replace("+", " ")
    assert mangled.startswith(" ") and mangled.endswith(" ")

    assert decode_client_secret(mangled) == raw


def test_gost_certificate_gets_a_hash_and_a_clear_refusal_from_the_rsa_verifiers(
    tmp_path: Path, registered: Identity
) -> None:
    gost_cert = _with_gost_public_key(registered.cert)
    assert gost_cert.public_key_algorithm_oid.dotted_string == "1.2.643.7.1.1.1.1"
    der = _openssl_sign(tmp_path, registered, MESSAGE, ["smime"], "-md", "sha256")
    raw = registered.key.sign(MESSAGE, padding.PKCS1v15(), hashes.SHA256())

    assert len(certificate_hash(gost_cert)) == 64
    with pytest.raises(SignatureError, match="not supported"):
        verify_pkcs7(der, MESSAGE, gost_cert)
    with pytest.raises(SignatureError, match="not supported"):
        verify_raw_rsa(raw, MESSAGE, gost_cert)
