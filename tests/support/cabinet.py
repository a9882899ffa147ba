"""What a doctor does in the cabinet, through its pages: upload documents, add education
records, fill the application wizard."""

import io
import re
from datetime import timedelta

from sqlalchemy import select

from portal import review
from portal.clock import now
from portal.models import Application, ApplicationEvent, Doctor, Document, DocumentVersion, db
from portal.wizard import LAST_STEP
from tests import files

from .pages import Page, WizardStep

DOCUMENTS = ("passport", "snils", "diploma")


def upload(
    web,
    code: str,
    data: bytes | None,
    filename: str = "scan.pdf",
    headers=None,
    signature: bytes | None = None,
    **fields,
):
    page = web.get(f"/cabinet/documents/{code}")
    form = {
        "csrf_token": Page(page).csrf_token,
        "doc_number": "123456",
        "issue_date": "12.05.2016",
        **fields,
    }
    if data is not None:
        form["file"] = (io.BytesIO(data), filename)
    if signature is not None:
        form["signature"] = (io.BytesIO(signature), "scan.pdf.sig")
    return web.post(
        f"/cabinet/documents/{code}",
        data=form,
        headers=headers or {},
        content_type="multipart/form-data",
    )


def add_record(web, **fields):
    page = web.get("/cabinet/education/")
    form = {
        "csrf_token": Page(page).csrf_token,
        "kind": "diploma",
        "number": "ВСА 0412345",
        "organisation": "Первый МГМУ",
        "issue_date": "30.06.2009",
        **fields,
    }
    return web.post("/cabinet/education/", data=form)


def start(web, kind: str = "primary") -> int:
    """A new application of `kind`; returns its id."""
    page = web.get("/cabinet/applications/new")
    response = web.post(
        "/cabinet/applications/new", data={"csrf_token": Page(page).csrf_token, "kind": kind}
    )
    return int(re.search(r"/applications/(\d+)/step", response.headers["Location"]).group(1))


def step(web, application_id: int, number: int, **values):
    page = web.get(f"/cabinet/applications/{application_id}/step/{number}")
    return web.post(
        f"/cabinet/applications/{application_id}/step/{number}",
        data={"csrf_token": Page(page).csrf_token, **values},
    )


def confirm(web, application_id: int):
    """Post the last step with its submission key; returns the response and what was sent."""
    page = WizardStep(web.get(f"/cabinet/applications/{application_id}/step/5"))
    data = {"csrf_token": page.csrf_token, "submission_key": page.submission_key, "confirm": "y"}
    return web.post(f"/cabinet/applications/{application_id}/step/5", data=data), data


def upload_in_wizard(
    web, application_id: int, code: str, data: bytes | None, headers=None, **fields
):
    """Upload a missing document from its row at step 4 (fields without the row's prefix)."""
    page = web.get("/cabinet/documents/")  # any page: a closed application has no step 4
    filename = fields.pop("filename", "scan.pdf")
    form = {"doc_number": "123456", "issue_date": "12.05.2016", **fields}
    if data is not None:
        form["file"] = (io.BytesIO(data), filename)
    form = {f"{code}-{name}": value for name, value in form.items()}
    return web.post(
        f"/cabinet/applications/{application_id}/step/4/documents/{code}",
        data={f"{code}-csrf_token": Page(page).csrf_token, **form},
        headers=headers or {},
        content_type="multipart/form-data",
    )


def until_documents(web, application_id: int) -> None:
    """Steps 1–3 saved, so step 4 opens."""
    assert step(web, application_id, 1, confirm="y").status_code == 303
    contacts = {"phone": "8 916 123-45-01", "email": "ivanova.ms@example.ru"}
    assert step(web, application_id, 2, **contacts).status_code == 303
    work = {
        "specialty": "Терапия",
        "workplace": "ГБУЗ ГП № 2",
        "licence_number": "Л041-01137-77/00368012",
    }
    assert step(web, application_id, 3, **work).status_code == 303


def my_documents(cabinet) -> list[str]:
    with cabinet.app_context():
        return [str(i) for i in db.session.scalars(select(Document.id))]


def fill_steps_one_to_four(web, cabinet, application_id: int) -> None:
    until_documents(web, application_id)
    documents = my_documents(cabinet)
    assert step(web, application_id, 4, documents=documents, pd_consent="y").status_code == 303


def filled(web, cabinet, kind: str = "primary") -> int:
    """An application through steps 1–4 with the three documents uploaded, ready to confirm."""
    for code in DOCUMENTS:
        assert upload(web, code, files.pdf()).status_code == 303
    application_id = start(web, kind)
    fill_steps_one_to_four(web, cabinet, application_id)
    return application_id


def submitted(web, cabinet) -> int:
    """A filled application, confirmed: the cabinet registers it at once."""
    application_id = filled(web, cabinet)
    confirm(web, application_id)
    return application_id


def events(cabinet, application_id: int) -> list[tuple[str, str]]:
    """The application's journal as (from, to) status pairs, oldest first."""
    with cabinet.app_context():
        query = select(ApplicationEvent).where(ApplicationEvent.application_id == application_id)
        return [
            (e.from_status, e.to_status)
            for e in db.session.scalars(query.order_by(ApplicationEvent.id))
        ]


def doctor_record(**fields) -> Doctor:
    """A person of the cabinet as its database holds them (not added to the session yet)."""
    return Doctor(created_at=now(), updated_at=now(), checks=[], **fields)


def reviewer_record(cabinet, name: str = "Волкова") -> int:
    """A reviewer written straight into the cabinet's database; returns their id."""
    with cabinet.app_context():
        oid = abs(hash(name)) % 10**9 + 10**9
        reviewer = doctor_record(esia_oid=oid, last_name=name, first_name="Эксперт")
        reviewer.role = "reviewer"
        db.session.add(reviewer)
        db.session.commit()
        return reviewer.id


def decided(cabinet, application_id: int, decision: str, reason: str) -> int:
    """A reviewer takes the application and decides it; returns the reviewer's id."""
    reviewer = reviewer_record(cabinet)
    as_reviewer(cabinet, reviewer, review.take, application_id)
    as_reviewer(cabinet, reviewer, review.decide, application_id, decision, reason)
    return reviewer


def as_reviewer(cabinet, reviewer_id: int, action, application_id: int, *args):
    """Call a review service `action` as that reviewer on that application."""
    with cabinet.app_context():
        reviewer = db.session.get(Doctor, reviewer_id)
        target = db.session.get(Application, application_id)
        return action(reviewer, target, *args)


def application(cabinet, application_id: int) -> Application:
    with cabinet.app_context():
        found = db.session.get(Application, application_id)
        db.session.expunge(found)
        return found


def snapshot(app) -> dict:
    """Every row of the cabinet's tables that a request could change, for before/after checks."""
    skip = {"user_session"}
    with app.app_context():
        db.session.remove()
        return {
            table.name: sorted(
                repr(tuple(row)) for row in db.session.execute(table.select()).fetchall()
            )
            for table in db.metadata.sorted_tables
            if table.name not in skip
        }


def submitted_row(doctor_id: int, number: str, status: str = "registered", **fields) -> Application:
    """A submitted application as the database holds it, every date now (not yet added)."""
    moment = fields.pop("moment", None) or now()
    return Application(
        doctor_id=doctor_id,
        kind=fields.pop("kind", "primary"),
        status=status,
        step=LAST_STEP + 1,
        number=number,
        data=fields.pop("data", {"specialty": "Терапия"}),
        created_at=moment,
        submitted_at=moment,
        status_changed_at=moment,
        updated_at=moment,
        **fields,
    )


def seed_applications(cabinet, count: int) -> int:
    """`count` submitted applications of the demo doctor, one a day back; returns their id."""
    with cabinet.app_context():
        doctor = db.session.scalar(select(Doctor).where(Doctor.role == "doctor"))
        for index in range(count):
            moment = now() - timedelta(days=index)
            status = ("registered", "approved", "cancelled")[index % 3]
            number = f"АК-2026-{index + 1:06d}"
            kind = ("primary", "periodic")[index % 2]
            db.session.add(
                submitted_row(doctor.id, number, status, kind=kind, data={}, moment=moment)
            )
        db.session.commit()
        return doctor.id


def current_version(app) -> DocumentVersion:
    """The latest version of any document in the cabinet."""
    with app.app_context():
        return db.session.scalars(
            select(DocumentVersion).order_by(DocumentVersion.id.desc())
        ).first()
