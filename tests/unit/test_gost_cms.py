"""GOST R 34.10-2012 CMS signatures in common/cms.py: what verifies, and every way a forged or
mismatched one is refused (the algorithm pairing, the digest, the signer, the encoding)."""

from datetime import UTC, datetime, timedelta

import pytest
from asn1crypto import cms as asn1_cms
from asn1crypto import pem as asn1pem
from cryptography import x509

from common import cms, gost, gost_ca, gost_cms

DOCUMENT = b"%PDF-1.4 a document"


@pytest.fixture(scope="module")
def ca(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gost-ca")
    now = datetime.now(UTC)
    key, der = gost_ca.issue(folder, "Иванова Мария Сергеевна", now - timedelta(days=1), 30)
    root = x509.load_der_x509_certificate(gost_ca.demo_root(folder)[1])
    return key, der, root


@pytest.mark.parametrize("options", [{}, {"with_attributes": False}, {"detached": False}], ids=str)
def test_a_gost_signature_verifies_and_chains_to_its_root(ca, options):
    key, der, root = ca
    signer = cms.verify_detached(gost_cms.sign(key, der, DOCUMENT, **options), DOCUMENT, [root])
    assert signer.trusted and signer.name == "Иванова Мария Сергеевна"


def test_pem_and_der_are_the_same_signature(ca):
    key, der, root = ca
    signature = gost_cms.sign(key, der, DOCUMENT)
    for blob in (signature, asn1pem.armor("PKCS7", signature), asn1pem.armor("CMS", signature)):
        assert cms.verify_detached(blob, DOCUMENT, [root]).trusted


@pytest.mark.parametrize(
    "blob",
    [b"-----BEGIN PKCS7-----\nMIIB\n-----END PKCS7-----\n", b"-----BEGIN PKCS7-----\n!!", b"junk"],
)
def test_neither_pem_nor_der_says_so_plainly(blob):
    with pytest.raises(
        cms.SignatureProblem, match="ни в двоичном виде \\(DER\\), ни в формате PEM"
    ):
        cms.verify_detached(blob, DOCUMENT)


def tampered(signature: bytes, change) -> bytes:
    """The signature with its one signer changed; the rest kept byte for byte (asn1crypto
    cannot re-encode a GOST certificate)."""
    signed_data = asn1_cms.ContentInfo.load(signature)["content"]
    signer = asn1_cms.SignerInfo.load(signed_data["signer_infos"][0].dump())
    change(signer)
    rebuilt = asn1_cms.SignedData(
        {
            "version": "v1",
            "digest_algorithms": signed_data["digest_algorithms"],
            "encap_content_info": signed_data["encap_content_info"],
            "certificates": [signed_data["certificates"][0]],
            "signer_infos": [signer],
        }
    )
    return asn1_cms.ContentInfo({"content_type": "signed_data", "content": rebuilt}).dump()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: s.__setitem__("digest_algorithm", {"algorithm": "sha256"}), "хеширования"),
        (
            lambda s: s.__setitem__("signature_algorithm", {"algorithm": "sha256_rsa"}),
            "не поддерживается",
        ),
        (lambda s: s.__setitem__("signature", bytes(64)), "не сходится"),
        (lambda s: s.__setitem__("signature", b"\x01" * 63), "не сходится"),
    ],
)
def test_a_mismatched_algorithm_or_forged_value_is_refused(ca, change, message):
    key, der, _ = ca
    forged = tampered(gost_cms.sign(key, der, DOCUMENT, with_attributes=False), change)
    with pytest.raises(cms.SignatureProblem, match=message):
        cms.verify_detached(forged, DOCUMENT)


def test_a_signature_by_another_key_under_the_same_certificate_is_refused(ca):
    _, der, _ = ca
    with pytest.raises(cms.SignatureProblem, match="не сходится"):
        cms.verify_detached(gost_cms.sign(gost.new_private_key(), der, DOCUMENT), DOCUMENT)


def test_a_certificate_not_issued_by_the_root_is_not_trusted(ca, tmp_path):
    key, der, _ = ca
    other_root = x509.load_der_x509_certificate(gost_ca.demo_root(tmp_path)[1])
    signature = gost_cms.sign(key, der, DOCUMENT)
    assert not cms.verify_detached(signature, DOCUMENT, [other_root]).trusted
    root_der = gost_ca.demo_root(tmp_path)[1]
    assert not gost.issued_by(der, root_der, datetime.now(UTC))
    assert not gost.issued_by(der, der, datetime.now(UTC))  # a leaf is no CA


def test_an_expired_certificate_does_not_chain(ca):
    key, der, root = ca
    from cryptography.hazmat.primitives.serialization import Encoding

    later = datetime.now(UTC) + timedelta(days=60)
    assert not gost.issued_by(der, root.public_bytes(Encoding.DER), later)
    assert gost.issued_by(der, root.public_bytes(Encoding.DER), datetime.now(UTC))
