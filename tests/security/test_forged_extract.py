"""Issue 12, item 7: after approval the doctor uploads a forged выписка, signed with a self-made
certificate named like the accreditation body's, as a new version of the certificate document.

The application must go on serving the выписка the cabinet issued, and no page may present the
forger's name as a verified signer: a signature counts as verified only when its certificate
chains to a trusted root.
"""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from common import cms
from portal.models import IssuedDocument, db
from tests import files
from tests.support.cabinet import decided, submitted, upload
from tests.support.constants import DOCTOR_PHONE, OTHER_DOCTOR_PHONE, REVIEWER_PHONE
from tests.support.pages import Page

BODY_NAME = "ДЕМО ФАЦ: учебная подпись"
UNTRUSTED = "не из доверенного удостоверяющего центра"


@pytest.fixture
def approved(doctor, cabinet):
    """The demo doctor, logged in, with an approved application; returns (web, its id)."""
    doctor.log_in(DOCTOR_PHONE)
    application_id = submitted(doctor.web, cabinet)
    decided(cabinet, application_id, "approve", "")
    return doctor.web, application_id


def upload_forgery(web):
    """The forged выписка and its signature by a self-made «ДЕМО ФАЦ», as the certificate."""
    forged = files.pdf(pages=2)
    signature = files.Signer(BODY_NAME).sign(forged)
    fields = {
        "doc_number": "ДЕМО-ПОДДЕЛКА",
        "issue_date": "10.01.2024",
        "valid_until": (date.today() + timedelta(days=800)).strftime("%d.%m.%Y"),
        "holder_name": "Иванова Мария Сергеевна",
        "holder_birth_date": "14.03.1986",
    }
    response = upload(web, "certificate", forged, "Выписка.pdf", signature=signature, **fields)
    return forged, response


def extract_of(web, application_id: int, part: str = "") -> bytes:
    query = f"?part={part}" if part else ""
    response = web.get(f"/cabinet/applications/{application_id}/extract{query}")
    while response.status_code in (302, 303):
        response = web.get(response.headers["Location"])
    assert response.status_code == 200
    return response.data


def test_the_application_serves_the_issued_extract_after_a_forgery_is_uploaded(approved):
    web, application_id = approved
    issued = extract_of(web, application_id)
    forged, response = upload_forgery(web)
    assert response.status_code in (303, 422)
    served = extract_of(web, application_id)
    assert served == issued and served != forged
    signature = extract_of(web, application_id, "signature")
    assert cms.verify_detached(signature, served).name == BODY_NAME


def test_a_self_made_certificate_named_like_the_body_is_not_shown_as_verified(approved):
    web, _ = approved
    _, response = upload_forgery(web)
    assert response.status_code == 303, Page(response).text
    info = Page(web.get("/cabinet/documents/certificate")).text_of("signature-info")
    assert UNTRUSTED in info
    assert "Проверена" not in info and "Подписал:" not in info


def test_the_issued_extract_goes_to_its_owner_and_reviewers_only(approved, doctor, cabinet):
    web, application_id = approved
    with cabinet.app_context():
        issued_id = db.session.scalar(
            select(IssuedDocument.id).where(IssuedDocument.application_id == application_id)
        )
    path = f"/cabinet/documents/issued/{issued_id}"
    paths = [path, f"{path}/signature"]
    assert [web.get(path).status_code for path in paths] == [200, 200]
    stranger = cabinet.test_client()
    assert all(stranger.get(path).status_code in (302, 303) for path in paths)
    doctor.switch_to(OTHER_DOCTOR_PHONE)
    assert [web.get(path).status_code for path in paths] == [404, 404]
    assert web.get(f"/cabinet/applications/{application_id}/extract").status_code == 404
    doctor.switch_to(REVIEWER_PHONE)
    assert [web.get(path).status_code for path in paths] == [200, 200]
