"""Documents the cabinet issues (the выписка): found through their application or their owner,
read by the owner and by reviewers, and never changed: nothing here writes one but `review`."""

from collections.abc import Iterator

from sqlalchemy import select

from . import documents, states, storage
from .models import Application, Doctor, IssuedDocument, StoredFile, db


def of_doctor(doctor: Doctor) -> list[IssuedDocument]:
    """What the cabinet has issued to this doctor, newest first."""
    query = select(IssuedDocument).where(IssuedDocument.doctor_id == doctor.id)
    return list(db.session.scalars(query.order_by(IssuedDocument.id.desc())))


def extract_of(actor: Doctor, application: Application) -> IssuedDocument | None:
    """The выписка issued for this application, if it has one and `actor` may see it."""
    if not states.has_extract(application):
        return None
    return visible(actor, application.extract.id)


def visible(actor: Doctor, issued_id: int) -> IssuedDocument | None:
    """The issued document if this person may see it: its owner or a reviewer; else None."""
    issued = db.session.get(IssuedDocument, issued_id)
    if issued is None or (issued.doctor_id != actor.id and actor.role != "reviewer"):
        return None
    return issued


def read(actor: Doctor, issued: IssuedDocument, signature: bool) -> tuple[Iterator[bytes], int]:
    """The issued file (or its signature) as a verified stream and its size, recorded in the
    owner's journal; storage.Tampered if the stored file was altered."""
    stored = db.session.get(StoredFile, issued.signature_file_id if signature else issued.file_id)
    stream = storage.verified_segments(stored.id, stored.wrapped_key, stored.nonce_prefix)
    what = f"{'подпись к ' if signature else ''}{issued.filename}"
    documents.journal(issued.doctor_id, actor, "download", None, what)
    db.session.commit()
    return stream, stored.size
