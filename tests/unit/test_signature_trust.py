"""A document signature counts as verified only when the signer's certificate chains to a
trusted root: names, signatures, validity at signing time and CA constraints on the path."""

from datetime import UTC, datetime, timedelta

import pytest
from asn1crypto import cms as asn1_cms
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs7

from common import certs, cms, trust
from tests import files

NOW = datetime.now(UTC)
YEAR = timedelta(days=365)


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def issue(issuer_key, issuer, name: str, key=None, ca=False, start=NOW - YEAR, end=NOW + YEAR):
    """A certificate for `key` named `name`, signed by `issuer_key` as `issuer`."""
    key = key or new_key()
    usage = certs.CA_USAGE if ca else certs.SIGNING_USAGE
    certificate = (
        x509.CertificateBuilder()
        .subject_name(certs.name_of(name))
        .issuer_name(issuer.subject if issuer else certs.name_of(name))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .sign(issuer_key or key, hashes.SHA256())
    )
    return key, certificate


@pytest.fixture(scope="module")
def root():
    return issue(None, None, "Тестовый корневой УЦ", ca=True, start=NOW - 5 * YEAR)


def sign(key, certificate, document: bytes, *extra: x509.Certificate) -> bytes:
    """A detached signature carrying `extra` certificates beside the signer's, as CryptoPro
    sends the chain (the certificates are outside what the signature covers)."""
    options = [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary]
    blob = (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(document)
        .add_signer(certificate, key, hashes.SHA256())
        .sign(serialization.Encoding.DER, options)
    )
    info = asn1_cms.ContentInfo.load(blob)
    for other in extra:
        der = other.public_bytes(serialization.Encoding.DER)
        info["content"]["certificates"].append(
            asn1_cms.CertificateChoices({"certificate": asn1_x509.Certificate.load(der)})
        )
    return info.dump(force=True)


def test_a_signer_issued_by_a_trusted_root_is_trusted(root):
    key, leaf = issue(*root, "Иванова Мария Сергеевна")
    document = files.pdf()
    signer = cms.verify_detached(sign(key, leaf, document), document, [root[1]])
    assert signer.trusted and signer.name == "Иванова Мария Сергеевна"


def test_an_intermediate_sent_with_the_signature_completes_the_path(root):
    middle = issue(*root, "Промежуточный УЦ", ca=True)
    key, leaf = issue(*middle, "Иванова Мария Сергеевна")
    document = files.pdf()
    assert cms.verify_detached(sign(key, leaf, document, middle[1]), document, [root[1]]).trusted
    assert not cms.verify_detached(sign(key, leaf, document), document, [root[1]]).trusted


def test_a_self_made_certificate_with_the_roots_own_name_is_not_trusted(root):
    impostor_key, impostor = issue(None, None, "Тестовый корневой УЦ", ca=True)
    key, leaf = issue(impostor_key, impostor, "ДЕМО ФАЦ: учебная подпись")
    document = files.pdf()
    signed = sign(key, leaf, document, impostor)
    assert not cms.verify_detached(signed, document, [root[1]]).trusted


def test_a_certificate_naming_the_root_but_signed_by_another_key_is_not_trusted(root):
    _, leaf = issue(new_key(), root[1], "Иванова Мария Сергеевна")
    assert not trust.chains(leaf, [], [root[1]], NOW)


def test_an_end_entity_cannot_issue_certificates(root):
    not_a_ca = issue(*root, "Обычный сертификат")
    _, leaf = issue(*not_a_ca, "Иванова Мария Сергеевна")
    assert not trust.chains(leaf, [not_a_ca[1]], [root[1]], NOW)


def test_a_ca_certificate_does_not_sign_documents(root):
    _, ca = issue(*root, "Промежуточный УЦ", ca=True)
    assert not trust.chains(ca, [], [root[1]], NOW)


def test_validity_is_checked_at_the_moment_of_signing(root):
    _, expired = issue(*root, "Иванова", start=NOW - 3 * YEAR, end=NOW - YEAR)
    assert not trust.chains(expired, [], [root[1]], NOW)
    assert trust.chains(expired, [], [root[1]], NOW - 2 * YEAR)


def test_nothing_is_trusted_without_roots(root):
    _, leaf = issue(*root, "Иванова")
    assert not trust.chains(leaf, [], [], NOW)


def test_a_claimed_signing_time_in_the_future_or_missing_is_replaced_by_now():
    assert trust.moment_of_signing(NOW + YEAR, NOW) == NOW
    assert trust.moment_of_signing(None, NOW) == NOW
    assert trust.moment_of_signing(NOW - YEAR, NOW) == NOW - YEAR


def test_a_bundle_holds_every_root_it_lists(tmp_path, root):
    other = issue(None, None, "Другой УЦ", ca=True)[1]
    bundle = tmp_path / "roots.pem"
    pem = serialization.Encoding.PEM
    bundle.write_bytes(root[1].public_bytes(pem) + other.public_bytes(pem))
    assert trust.load_bundle(bundle) == [root[1], other]
    assert trust.load_bundle(None) == []


def test_the_demo_centre_issues_a_signing_certificate_that_chains_to_it():
    root_key_pem, root_pem = certs.make_root("Корень", "Учебная среда")
    root_cert = x509.load_pem_x509_certificate(root_pem)
    root_key = serialization.load_pem_private_key(root_key_pem, None)
    _, leaf_pem = certs.issue_signing(root_key, root_cert, "ДЕМО ФАЦ: учебная подпись")
    leaf = x509.load_pem_x509_certificate(leaf_pem)
    assert trust.chains(leaf, [], [root_cert], NOW)
    assert leaf.not_valid_after_utc <= root_cert.not_valid_after_utc
