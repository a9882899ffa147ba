"""The database going away between requests (a restart, a failover) loses nothing: the next
request reconnects and the doctor carries on from the saved draft."""

import os

import pytest
from sqlalchemy import text

from tests.support.cabinet import application, start, step
from tests.support.constants import DOCTOR_PHONE
from tests.support.pages import Page

ON_POSTGRES = os.environ.get("PORTAL_DATABASE_URL", "").startswith("postgresql")


def drop_every_connection(app) -> int:
    """What a PostgreSQL restart does to the app's pooled connections."""
    with app.app_context(), app.extensions["sqlalchemy"].engine.connect() as connection:
        killed = connection.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ).scalar()
    return killed


@pytest.mark.skipif(
    not ON_POSTGRES, reason="a server restart exists on PostgreSQL; CI runs it there"
)
def test_a_database_restart_between_steps_loses_nothing(doctor, cabinet):
    doctor.log_in(DOCTOR_PHONE)
    application_id = start(doctor.web)
    assert step(doctor.web, application_id, 1, confirm="y").status_code == 303
    assert drop_every_connection(cabinet) >= 1
    page = doctor.web.get(f"/cabinet/applications/{application_id}/step/2")
    assert page.status_code == 200 and "Контактные данные" in Page(page).text
    assert (
        step(doctor.web, application_id, 2, phone="+79161234501", email="a@example.ru").status_code
        == 303
    )
    assert application(cabinet, application_id).step == 3
