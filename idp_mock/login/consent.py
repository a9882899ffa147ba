"""Consent: what each ESIA scope means to the person, their answer, and the answers remembered
for sites whose requests are signed, as Gosuslugi remembers them."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select

from common.moscow import moscow_time
from common.upsert import insert_for
from idp_mock import clock
from idp_mock.models import AuthRequest, Client, ConsentGrant, Persona, db
from idp_mock.protocol import tokens
from idp_mock.tester import timeline

SCOPE_NAMES = {
    "fullname": "Фамилия, имя и отчество",
    "birthdate": "Дата рождения",
    "gender": "Пол",
    "snils": "СНИЛС",
    "inn": "ИНН",
    "id_doc": "Паспорт гражданина РФ",
    "birthplace": "Место рождения",
    "medical_doc": "Полис ОМС",
    "email": "Электронная почта",
    "mobile": "Номер мобильного телефона",
    "contacts": "Контактные данные (телефон и электронная почта)",
    "addresses": "Адреса регистрации и проживания",
    "usr_org": "Организации, в которых вы работаете",
    "vehicles": "Транспортные средства",
    "http://esia.gosuslugi.ru/usr_inf": "Ваши персональные данные",
}


def describe(scope: str) -> list[str]:
    """The requested data in plain Russian, without technical scopes such as openid."""
    return [SCOPE_NAMES.get(s, s) for s in scope.split() if s != "openid"]


def refusal(auth_request: AuthRequest, persona: Persona, allowed: bool = True) -> str | None:
    """The ESIA error code the site gets instead of a code, or None when it may have one."""
    if not allowed:
        return "ESIA-007004"
    if auth_request.confirmed_only and not persona.trusted:
        return "ESIA-007055"
    return None


def assured(auth_request: AuthRequest) -> bool:
    """The site proved who it is (ESIA v1/v2/v3 sign their requests); the public OIDC profile
    has no client authentication, so its consent is asked every time (ASVS 5.0 V10.7.1)."""
    return auth_request.protocol != "oidc" and auth_request.persona_oid is not None


def scopes_of(scope: str) -> set[str]:
    return set(scope.split())


def earlier_grant(auth_request: AuthRequest) -> ConsentGrant | None:
    """The person's remembered consent to this site, when it covers every scope asked now."""
    if not assured(auth_request):
        return None
    found = db.session.get(ConsentGrant, (auth_request.persona_oid, auth_request.client_id))
    if found is None or not scopes_of(auth_request.scope) <= scopes_of(found.scope):
        return None
    return found


def remember(auth_request: AuthRequest) -> None:
    """Keep what the person allowed (with what they allowed before); the caller commits."""
    if not assured(auth_request):
        return
    earlier = db.session.get(ConsentGrant, (auth_request.persona_oid, auth_request.client_id))
    scopes = scopes_of(earlier.scope if earlier else "") | scopes_of(auth_request.scope)
    values = {"scope": " ".join(sorted(scopes)), "granted_at": clock.now()}
    insert = insert_for(db.session, ConsentGrant).values(
        persona_oid=auth_request.persona_oid, client_id=auth_request.client_id, **values
    )
    # One statement: the same person allowing the same site in two browsers at once both win.
    db.session.execute(
        insert.on_conflict_do_update(index_elements=["persona_oid", "client_id"], set_=values)
    )
    if earlier is not None:
        db.session.refresh(earlier)


def grant(auth_request: AuthRequest, earlier: ConsentGrant | None = None) -> str:
    """The person agreed, now or before: a one-time authorization code for the site."""
    if earlier is None:
        remember(auth_request)
        said = "Человек дал согласие"
    else:
        said = (
            f"Согласие дано ранее ({moscow_time(earlier.granted_at)} мск), страница "
            "согласия пропущена"
        )
    timeline.note(
        auth_request.id,
        "redirect",
        f"{said}; сайт получает одноразовый код авторизации и свой state "
        "на зарегистрированный адрес возврата",
        redirect_uri=auth_request.redirect_uri,
        state=auth_request.state,
    )
    return tokens.issue_code(auth_request)


@dataclass(frozen=True)
class SiteConsent:
    """One site's consent as the profile shows it."""

    client_id: str
    site: str
    data: list[str]
    granted_at: datetime


def grants_of(persona: Persona) -> list[SiteConsent]:
    """The sites the person allowed their data to, newest first."""
    query = (
        select(ConsentGrant, Client)
        .outerjoin(Client, Client.client_id == ConsentGrant.client_id)
        .where(ConsentGrant.persona_oid == persona.oid)
        .order_by(ConsentGrant.granted_at.desc())
    )
    return [
        SiteConsent(found.client_id, client.name if client and client.name else found.client_id,
                    describe(found.scope), found.granted_at)
        for found, client in db.session.execute(query)
    ]  # fmt: skip


def revoke(persona: Persona, client_id: str) -> bool:
    """Forget the person's consent to one site (theirs only): its next login asks again."""
    result = db.session.execute(
        delete(ConsentGrant).where(
            ConsentGrant.persona_oid == persona.oid, ConsentGrant.client_id == client_id
        )
    )
    db.session.commit()
    return result.rowcount > 0


def forget_person(oid: int) -> None:
    """A deleted person's consents go with them; the caller commits."""
    db.session.execute(delete(ConsentGrant).where(ConsentGrant.persona_oid == oid))


def as_json_of(oids: list[int]) -> dict[int, list[dict]]:
    """The remembered consents of these people for the tester API, by oid, in one query."""
    query = select(ConsentGrant).where(ConsentGrant.persona_oid.in_(oids))
    found: dict[int, list[dict]] = {oid: [] for oid in oids}
    for grant in db.session.scalars(query.order_by(ConsentGrant.client_id)):
        found[grant.persona_oid].append(
            {
                "client_id": grant.client_id,
                "scope": grant.scope.split(),
                "granted_at": grant.granted_at.isoformat() + "Z",
            }
        )
    return found
