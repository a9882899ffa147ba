"""The console gives a person an electronic-signature certificate (issued by the stand's GOST
demo root, or pasted with its key) and hands trainers the signed demo document; a wrong paste
is explained next to its field and kept."""

from tests.support.constants import DOCTOR_PHONE
from tests.support.pages import Page
from tests.support.persona_console import add_certificate, person_url


def test_an_issued_certificate_appears_with_its_container(client, demo):
    oid = demo[DOCTOR_PHONE]
    response = add_certificate(client, oid, label="Для занятия 3", valid_days="30")
    assert response.status_code == 303, response.text
    page = client.get(person_url(oid))
    assert "Сертификат добавлен" in Page(page).text
    link = next(a for a in Page(page).soup.find_all("a") if "Для занятия 3" in a.get_text())
    container = client.get(link["href"])
    assert container.status_code == 200 and container.mimetype == "application/x-pkcs12"


def test_a_wrong_certificate_is_explained_next_to_the_field_and_kept(client, demo):
    oid = demo[DOCTOR_PHONE]
    pasted = "-----BEGIN CERTIFICATE-----\nnot really\n-----END CERTIFICATE-----"
    response = add_certificate(client, oid, certificate_pem=pasted, private_key="ab" * 32)
    assert response.status_code == 422
    page = Page(response)
    assert "ГОСТ Р 34.10-2012" in page.field_error("esign-certificate_pem")
    assert (
        page.soup.find("textarea", attrs={"name": "esign-certificate_pem"}).get_text(strip=True)
        == pasted.strip()
    )
    assert page.soup.find(attrs={"data-testid": "error-summary"})


def test_a_days_count_out_of_range_is_refused_in_russian(client, demo):
    response = add_certificate(client, demo[DOCTOR_PHONE], valid_days="0")
    assert response.status_code == 422
    assert "от 1 до 3650" in Page(response).field_error("esign-valid_days")


def test_without_the_csrf_token_nothing_is_added(client, demo):
    oid = demo[DOCTOR_PHONE]
    before = len(client.get(f"/_mock/api/personas/{oid}/certificates").get_json())
    response = client.post(f"{person_url(oid)}/certificates", data={"esign-label": "x"})
    assert response.status_code in (400, 303)
    after = client.get(person_url(oid))
    assert "Сертификат добавлен" not in Page(after).text
    assert len(client.get(f"/_mock/api/personas/{oid}/certificates").get_json()) == before


def test_the_demo_document_and_its_signature_download_from_the_console(client, demo):
    page = Page(client.get(person_url(demo[DOCTOR_PHONE])))
    pdf = client.get(page.soup.find(attrs={"data-testid": "demo-document"})["href"])
    sig = client.get(page.soup.find(attrs={"data-testid": "demo-signature"})["href"])
    assert pdf.data.startswith(b"%PDF-") and sig.data[:1] == b"\x30"
    assert pdf.headers["Content-Disposition"].startswith("attachment")
