"""Document signatures made with GOST R 34.10-2012, as Russian signing software makes them: the
trainers' demo document verifies in the cabinet as signed from a trusted centre, in DER or PEM;
a GOST signature of someone outside the demo roots is shown as not vouched for."""

from datetime import date, timedelta
from pathlib import Path

from asn1crypto import pem as asn1pem

from common import demo_document, gost_cms
from idp_mock.protocol import gost
from tests.support.cabinet import upload
from tests.support.gost_rp import gost_pems
from tests.support.pages import Page

HOLDER = {
    "issue_date": "10.01.2024",
    "valid_until": (date.today() + timedelta(days=800)).strftime("%d.%m.%Y"),
    "holder_name": "Иванова Мария Сергеевна",
    "holder_birth_date": "14.03.1986",
}


def demo_files(cabinet) -> tuple[bytes, bytes]:
    document, signature = demo_document.files(Path(cabinet.config["DATA_DIR"]))
    return document.read_bytes(), signature.read_bytes()


def signature_info(web) -> str:
    return Page(web.get("/cabinet/documents/certificate")).text_of("signature-info")


def test_the_demo_document_verifies_as_signed_from_a_trusted_centre(signed_in, cabinet):
    document, signature = demo_files(cabinet)
    response = upload(signed_in, "certificate", document, "demo.pdf", signature=signature, **HOLDER)
    assert response.status_code == 303, response.text
    assert signature_info(signed_in).startswith("Проверена. Подписал: Иванова Мария Сергеевна")


def test_a_pem_armoured_gost_signature_is_read_as_well(signed_in, cabinet):
    document, signature = demo_files(cabinet)
    armoured = asn1pem.armor("PKCS7", signature)
    response = upload(signed_in, "certificate", document, "demo.pdf", signature=armoured, **HOLDER)
    assert response.status_code == 303, response.text
    assert signature_info(signed_in).startswith("Проверена.")


def test_the_demo_signature_on_a_changed_document_is_refused(signed_in, cabinet):
    document, signature = demo_files(cabinet)
    changed = document.replace(b"training stand", b"training stamp")
    response = upload(signed_in, "certificate", changed, "demo.pdf", signature=signature, **HOLDER)
    assert response.status_code == 422
    assert "изменён после подписания" in Page(response).field_error("signature")


def test_a_self_made_gost_certificate_is_not_vouched_for(signed_in, cabinet):
    document = demo_document.pdf("Signed with a self-made GOST key")
    key, cert_pem = gost_pems("Иванова Мария Сергеевна")
    signature = gost_cms.sign(key, asn1pem.unarmor(cert_pem)[2], document)
    response = upload(signed_in, "certificate", document, "own.pdf", signature=signature, **HOLDER)
    assert response.status_code == 303, response.text
    assert "не из доверенного удостоверяющего центра" in signature_info(signed_in)
    assert gost.certificate_key(asn1pem.unarmor(cert_pem)[2]) is not None
