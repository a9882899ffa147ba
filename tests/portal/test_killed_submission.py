"""A process killed in the middle of a submission leaves a draft that can be sent again."""

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from sqlalchemy import select

from portal import applications as apps
from portal.clock import now
from portal.models import Application, ApplicationEvent, Doctor, db

CHILD = textwrap.dedent("""
    import json, sys, time
    import portal
    from portal import applications as apps
    from portal.models import Application, Doctor, db

    config, application_id, key = json.loads(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    app = portal.create_app(config)

    def hang(*args, **kwargs):
        print("claimed", flush=True)
        time.sleep(60)

    with app.app_context():
        apps.record = hang
        application = db.session.get(Application, application_id)
        doctor = db.session.get(Doctor, application.doctor_id)
        apps.submit(doctor, application, key, True)
""")


def a_draft_on_its_last_step(portal_app) -> tuple[int, str]:
    """A draft application at step 5; returns its id and its submission key."""
    with portal_app.app_context():
        doctor = Doctor(
            esia_oid=1000000888, last_name="Тестова", created_at=now(), updated_at=now(), checks=[]
        )
        db.session.add(doctor)
        db.session.flush()
        draft = Application(
            doctor_id=doctor.id,
            kind="primary",
            step=5,
            data={},
            created_at=now(),
            status_changed_at=now(),
            updated_at=now(),
        )
        db.session.add(draft)
        db.session.commit()
        return draft.id, apps.submission_key(draft)


def test_a_submission_killed_half_way_leaves_a_draft_that_submits_once(portal_app):
    application_id, key = a_draft_on_its_last_step(portal_app)
    config = {k: portal_app.config[k] for k in ("DATA_DIR", "DATABASE_URL", "SECRET_KEY")}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, json.dumps(config), str(application_id), key],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        assert child.stdout.readline().strip() == "claimed"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    with portal_app.app_context():
        draft = db.session.get(Application, application_id)
        assert draft.status == "draft" and draft.number is None
        assert db.session.scalar(select(ApplicationEvent)) is None
        fresh_key = apps.submission_key(draft)
        assert fresh_key != key
        doctor = db.session.get(Doctor, draft.doctor_id)
        apps.submit(doctor, draft, fresh_key, True)
        apps.submit(doctor, draft, fresh_key, True)
        assert draft.status == "registered" and draft.number
        assert len(db.session.scalars(select(ApplicationEvent)).all()) == 2
