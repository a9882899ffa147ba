"""The live status of an application: what the polled fragment offers in each status."""

import pytest
from sqlalchemy import select

from portal import states
from portal.models import Doctor, db
from tests.support.cabinet import submitted_row
from tests.support.constants import DOCTOR_PHONE

OPEN = [s for s in states.APPLICATION_STATUSES if s != "draft" and s not in states.FINAL]
ACTIONS = {  # data-testid of an action: the statuses that offer it
    "cancel-application": {"submitted", "registered"},
    "fix-application": {"needs_fix"},
    "repeat-application": {"rejected"},
    "decision-reason": {"needs_fix", "rejected"},
}


@pytest.fixture
def signed_in(doctor):
    doctor.log_in(DOCTOR_PHONE)
    return doctor.web


def application_in(cabinet, status: str) -> int:
    with cabinet.app_context():
        owner = db.session.scalar(select(Doctor).where(Doctor.role == "doctor"))
        application = submitted_row(
            owner.id, f"АК-2026-{len(status):06d}", status, decision_reason="Нет стажа"
        )
        db.session.add(application)
        db.session.commit()
        return application.id


@pytest.mark.parametrize("status", [s for s in states.APPLICATION_STATUSES if s != "draft"])
def test_the_fragment_offers_what_the_status_allows(signed_in, cabinet, status):
    application_id = application_in(cabinet, status)
    poll = signed_in.get(f"/cabinet/applications/{application_id}/status")
    assert "<html" not in poll.text
    assert f">{states.APPLICATION_STATUSES[status]}<" in poll.text
    for testid, allowed in ACTIONS.items():
        assert (f'data-testid="{testid}"' in poll.text) is (status in allowed), testid


@pytest.mark.parametrize("status", OPEN)
def test_an_open_status_keeps_polling(signed_in, cabinet, status):
    application_id = application_in(cabinet, status)
    url = f"/cabinet/applications/{application_id}/status"
    poll = signed_in.get(url, headers={"HX-Request": "true"})
    assert poll.status_code == 200
    assert f'hx-get="{url}" hx-trigger="every 5s"' in poll.text
    assert "HX-Request, HX-Target" in poll.headers["Vary"] and poll.headers["ETag"]


@pytest.mark.parametrize("status", sorted(states.FINAL))
def test_a_final_status_answers_286_and_stops_polling(signed_in, cabinet, status):
    application_id = application_in(cabinet, status)
    poll = signed_in.get(f"/cabinet/applications/{application_id}/status")
    assert poll.status_code == 286 and "hx-trigger" not in poll.text
    page = signed_in.get(f"/cabinet/applications/{application_id}")
    assert 'http-equiv="refresh"' not in page.text


def test_a_draft_has_no_status_page_but_its_wizard_step(signed_in, cabinet):
    application_id = application_in(cabinet, "draft")
    page = signed_in.get(f"/cabinet/applications/{application_id}")
    assert page.status_code == 303
    assert page.headers["Location"].endswith(f"/cabinet/applications/{application_id}/step/5")
