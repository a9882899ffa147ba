"""Tester API: how far each doctor has got in the cabinet, for the simulator's trainer
dashboard, which reads it over HTTP: documents, applications, when last seen."""

from typing import ClassVar

from flask import jsonify
from pydantic import BaseModel, Field
from sqlalchemy import func, select

from common.tester_api.contract import operation
from portal.models import Application, Doctor, Document, UserSession, db
from portal.states import APPLICATION_STATUSES

from . import replies
from .blueprint import bp

MAX_OIDS = 100


class Oids(BaseModel):
    oids: str = Field(
        description=f"ESIA oids separated by commas, at most {MAX_OIDS}",
        pattern=rf"^[0-9]{{1,19}}(,[0-9]{{1,19}}){{0,{MAX_OIDS - 1}}}$",
    )
    messages: ClassVar[dict[str, str]] = {
        "oids": f"oids: до {MAX_OIDS} номеров oid через запятую, например 1000000101,1000000102"
    }

    def numbers(self) -> list[int]:
        return [int(part) for part in self.oids.split(",")]


def documents_by_doctor(ids: list[int]) -> dict[int, tuple[int, int]]:
    accepted = func.sum(func.cast(Document.status == "accepted", db.Integer))
    query = (
        select(Document.doctor_id, func.count(), accepted)
        .where(Document.doctor_id.in_(ids))
        .group_by(Document.doctor_id)
    )
    return {doctor: (count, int(taken or 0)) for doctor, count, taken in db.session.execute(query)}


def applications_by_doctor(ids: list[int]) -> dict[int, list[dict]]:
    query = (
        select(Application)
        .where(Application.doctor_id.in_(ids))
        .order_by(Application.created_at.desc(), Application.id.desc())
    )
    found: dict[int, list[dict]] = {}
    for application in db.session.scalars(query):
        found.setdefault(application.doctor_id, []).append(
            {
                "number": application.number,
                "status": application.status,
                "label": APPLICATION_STATUSES[application.status],
            }
        )
    return found


def last_seen_by_doctor(ids: list[int]) -> dict[int, object]:
    query = (
        select(UserSession.doctor_id, func.max(UserSession.last_seen_at))
        .where(UserSession.doctor_id.in_(ids))
        .group_by(UserSession.doctor_id)
    )
    return dict(db.session.execute(query).all())


def as_time(moment) -> str | None:
    return moment.isoformat() + "Z" if moment else None


def progress_json(oids: list[int]) -> list[dict]:
    doctors = list(db.session.scalars(select(Doctor).where(Doctor.esia_oid.in_(oids))))
    ids = [doctor.id for doctor in doctors]
    documents, applications = documents_by_doctor(ids), applications_by_doctor(ids)
    seen = last_seen_by_doctor(ids)
    return [
        {
            "oid": doctor.esia_oid,
            "documents": documents.get(doctor.id, (0, 0))[0],
            "documents_accepted": documents.get(doctor.id, (0, 0))[1],
            "applications": applications.get(doctor.id, []),
            "last_seen": as_time(seen.get(doctor.id)),
        }
        for doctor in sorted(doctors, key=lambda d: oids.index(d.esia_oid))
    ]


@bp.get("/doctors/progress")
@operation(
    "How far each doctor has got: documents, applications, last seen (unknown oids left out)",
    {200: ("OK", list[replies.DoctorProgress])},
    query=Oids,
)
def doctors_progress(query: Oids):
    return jsonify(progress_json(query.numbers()))
