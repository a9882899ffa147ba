"""Login by the Gosuslugi app: a QR code on the desktop, number matching and a decision on the
phone, two minutes to decide. The desktop learns the outcome by polling."""

import base64
import io
import secrets
from datetime import timedelta

import qrcode
from qrcode.image.pure import PyPNGImage
from sqlalchemy import select

from common.errors import ServiceError
from idp_mock import clock
from idp_mock.login import lockout
from idp_mock.login.sso import open_sso_session
from idp_mock.models import AppConfirmation, AuthRequest, Persona, db
from idp_mock.tester import timeline

TTL = timedelta(minutes=2)
DECISIONS = {
    "approved": "В приложении нажали «Подтвердить» и выбрали верное число",
    "number_mismatch": "В приложении выбрано не то число: вход отклонён (защита от push-атак)",
    "scripted": "Приложение отклонило вход по сценарию пользователя",
    "person": "В приложении нажали «Отклонить»",
}
FINAL = ("approved", "denied", "expired")


def start(auth_request: AuthRequest) -> AppConfirmation:
    """A fresh confirmation for this login attempt; an earlier pending one is dropped."""
    for old in pending_of(auth_request):
        old.status, old.reason = "expired", "replaced"
    now = clock.now()
    confirmation = AppConfirmation(
        id=secrets.token_urlsafe(24),
        auth_request_id=auth_request.id,
        number=10 + secrets.randbelow(90),
        status="pending",
        created_at=now,
        expires_at=now + TTL,
    )
    db.session.add(confirmation)
    db.session.commit()
    return confirmation


def pending_of(auth_request: AuthRequest) -> list[AppConfirmation]:
    query = select(AppConfirmation).where(
        AppConfirmation.auth_request_id == auth_request.id, AppConfirmation.status == "pending"
    )
    return list(db.session.scalars(query))


def latest(auth_request_id: str) -> AppConfirmation | None:
    return db.session.scalar(
        select(AppConfirmation)
        .where(AppConfirmation.auth_request_id == auth_request_id)
        .order_by(AppConfirmation.created_at.desc())
        .limit(1)
    )


def refresh(confirmation: AppConfirmation) -> AppConfirmation:
    """Expire a pending confirmation whose two minutes are up."""
    if confirmation.status == "pending" and confirmation.expires_at <= clock.now():
        confirmation.status, confirmation.reason = "expired", "timeout"
        db.session.commit()
    return confirmation


def qr_data_uri(url: str) -> str:
    """The QR code of `url` as a data: PNG (a few hundred bytes; CSP allows img-src data:)."""
    code = qrcode.QRCode(box_size=5, border=2, image_factory=PyPNGImage)
    code.add_data(url)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def choices(confirmation: AppConfirmation) -> list[int]:
    """Three numbers for the phone, one of them the desktop's, in an order fixed per request."""
    others = sorted({(confirmation.number + step) % 90 + 10 for step in (23, 61)})
    numbers = [confirmation.number, *others]
    shift = int.from_bytes(confirmation.id.encode()[:2], "big") % 3
    return numbers[shift:] + numbers[:shift]


def decide(confirmation: AppConfirmation, persona: Persona, approve: bool, number: int | None):
    """Record the decision of `persona`'s app; a wrong number counts as a refusal
    (push-bombing). The login becomes the person's only when approved with the right number."""
    refresh(confirmation)
    if confirmation.status != "pending":
        raise ServiceError(
            "number", "Запрос больше не действует. Начните вход заново на компьютере"
        )
    if approve:
        lockout.check_not_blocked(persona)
        lockout.check_not_locked(persona)
    scripted = (persona.script or {}).get("app") or ""
    if approve and number != confirmation.number:
        confirmation.status, confirmation.reason = "denied", "number_mismatch"
    elif approve and scripted != "deny":
        confirmation.status, confirmation.persona_oid = "approved", persona.oid
    else:
        confirmation.status, confirmation.reason = "denied", "scripted" if approve else "person"
    timeline.note(
        confirmation.auth_request_id,
        "app",
        DECISIONS[confirmation.reason or "approved"],
        confirmation.status == "approved",
    )
    db.session.commit()
    return confirmation.status


def finish(auth_request: AuthRequest, confirmation: AppConfirmation):
    """On the desktop: an approved confirmation logs the browser in (an SSO session)."""
    persona = db.session.get(Persona, confirmation.persona_oid)
    confirmation.status = "used"
    return open_sso_session(auth_request, persona, "MOB")
