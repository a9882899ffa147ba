"""Status e-mails say what happened, what to do next and where; a draft can be deleted by its
owner only, and nothing sent can be."""

from sqlalchemy import select

from portal.models import Application, db
from tests.support.cabinet import application, decided, start, submitted
from tests.support.cabinet_pages import delete_draft, emails_to
from tests.support.constants import OTHER_DOCTOR_PHONE, PUBLIC_URL
from tests.support.drivers import person
from tests.support.pages import Page

DOCTOR_EMAIL = "ivanova.ms@example.ru"


def test_the_approval_email_has_the_status_the_next_step_and_an_absolute_link(signed_in, cabinet):
    cabinet.config["PUBLIC_URL"] = PUBLIC_URL
    application_id = submitted(signed_in, cabinet)
    decided(cabinet, application_id, "approve", "")
    number = application(cabinet, application_id).number
    approved = emails_to(signed_in, DOCTOR_EMAIL)[0]
    assert approved["subject"] == f"Заявление {number}: Одобрено"
    body = approved["body"]
    assert f"Статус вашего заявления {number}: Одобрено." in body
    assert "Что делать дальше: Выписка о прохождении аккредитации готова" in body
    assert (
        f"Регистровый номер выписки: {application(cabinet, application_id).registry_number}."
        in body
    )
    assert f"{PUBLIC_URL}/cabinet/applications/{application_id}" in body
    assert signed_in.get(f"/cabinet/applications/{application_id}").status_code == 200


def test_a_return_for_fixes_mails_the_reason_and_how_to_resubmit(signed_in, cabinet):
    application_id = submitted(signed_in, cabinet)
    decided(cabinet, application_id, "fix", "Приложите диплом целиком")
    body = emails_to(signed_in, DOCTOR_EMAIL)[0]["body"]
    assert "Требуется исправление" in body and "Комментарий: Приложите диплом целиком" in body
    assert "исправьте то, что указал эксперт, и отправьте его снова" in body


def test_the_owner_deletes_a_draft_after_confirming(signed_in, cabinet):
    application_id = start(signed_in, "periodic")
    listing = Page(signed_in.get("/cabinet/applications/"))
    link = listing.testid("delete-draft")["href"]
    confirm = Page(signed_in.get(link))
    assert confirm.h1 == "Удалить черновик?" and confirm.testid("confirm-delete") is not None
    response = delete_draft(signed_in, application_id)
    assert response.status_code == 303 and response.headers["Location"] == "/cabinet/applications/"
    assert "Черновик удалён" in Page(signed_in.get("/cabinet/applications/")).flashes
    with cabinet.app_context():
        assert db.session.get(Application, application_id) is None


def test_another_doctors_draft_cannot_be_deleted(signed_in, cabinet, live_idp):
    application_id = start(signed_in, "primary")
    intruder = person(cabinet, live_idp.url, OTHER_DOCTOR_PHONE)
    assert intruder.web.get(f"/cabinet/applications/{application_id}/delete").status_code == 404
    assert delete_draft(intruder.web, application_id).status_code == 404
    assert application(cabinet, application_id).status == "draft"


def test_a_submitted_application_cannot_be_deleted(signed_in, cabinet):
    application_id = submitted(signed_in, cabinet)
    page = signed_in.get(f"/cabinet/applications/{application_id}/delete")
    assert page.status_code == 303
    assert delete_draft(signed_in, application_id).status_code == 303
    flashes = Page(signed_in.get(f"/cabinet/applications/{application_id}")).flashes
    assert any("Удалить можно только черновик" in f for f in flashes)
    assert application(cabinet, application_id).status == "registered"
    with cabinet.app_context():
        assert db.session.scalar(select(Application.id)) == application_id


def test_deleting_a_draft_needs_the_csrf_token(signed_in, cabinet):
    application_id = start(signed_in, "primary")
    response = signed_in.post(f"/cabinet/applications/{application_id}/delete", data={})
    assert response.status_code in (302, 303, 400)
    assert application(cabinet, application_id).status == "draft"
