"""What the tester API answers, for its OpenAPI document (the tests hold every answer to it)."""

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from common.tester_api.contract import Shape
from idp_mock.tester.api.bodies import Address, Document, Role, Script
from idp_mock.tester.api.registry_facts import Registry
from idp_mock.tester.faults import KINDS


class Client(Shape):
    client_id: str = Field(description="Мнемоника ИС")
    name: str
    certificate_pem: str
    redirect_uris: list[str]
    scopes: list[str] = Field(description="Empty: any scope")
    signature_mode: Literal["strict", "gost", "lenient", "off"]
    post_logout_redirect_uris: list[str]


class Consent(Shape):
    client_id: str
    scope: list[str] = Field(description="Every scope the person allowed the site, openid too")
    granted_at: datetime


class Persona(Shape):
    oid: int = Field(ge=1000000000)
    email: str | None
    phone: str | None = Field(description="E.164")
    snils: str | None = Field(description="11 digits")
    last_name: str
    first_name: str
    middle_name: str
    birth_date: date
    birth_place: str
    gender: Literal["M", "F"]
    inn: str | None
    citizenship: str
    level: Literal["simplified", "standard", "confirmed"]
    state: Literal["active", "verifying", "blocked"]
    trusted: bool
    phone_verified: bool
    email_verified: bool
    documents: list[Document]
    addresses: list[Address]
    roles: list[Role]
    registry: Registry
    description: str
    failed_logins: int
    locked_until: datetime | None
    fixed_code: str | None
    script: Script
    group: int | None = Field(description="The group the person belongs to; null: none")
    consents: list[Consent] = Field(
        description="Sites with signed requests the person allowed: their next login asking "
        "for no more skips the consent page"
    )


class Message(Shape):
    id: int
    channel: Literal["sms", "email"]
    to: str
    body: str
    code: str | None
    sent_at: datetime


class Clock(Shape):
    now: datetime
    offset_seconds: int


class ResetDone(Shape):
    personas: int = Field(description="How many demo personas were seeded")
    clock: Clock


class Fault(Shape):
    """An armed fault with its kind's parameters (status, code, seconds, retry_after, defect)."""

    id: int
    kind: Literal[KINDS]
    path: str
    times: int | None = Field(description="Uses left; null: until cleared")


class FaultsCleared(Shape):
    cleared: int


class SigningKey(Shape):
    kid: str
    status: Literal["next", "active", "previous", "retired"]
    certificate_pem: str


class Snapshot(Shape):
    name: str
    saved_at: datetime
    rows: dict[str, int] = Field(description="Rows saved per table")


class Session(Shape):
    id: str
    oid: int
    amr: str
    created_at: datetime
    expires_at: datetime
    active: bool


class Token(Shape):
    id: str
    kind: Literal["access", "refresh"]
    client_id: str
    oid: int
    scope: str
    session_id: str | None
    expires_at: datetime
    active: bool


class PersonRevoked(Shape):
    oid: int
    sessions: int


class LoggedIn(Shape):
    rid: str
    oid: int


class AppConfirmation(Shape):
    id: str
    number: int
    status: Literal["pending", "approved", "denied", "expired", "used"]
    reason: str | None
    oid: int | None
    expires_at: datetime
    url: str


class TimelineEvent(Shape):
    at: datetime
    step: str
    ok: bool
    text: str
    params: dict[str, str]


class IssuedCode(Shape):
    code: str
    state: str
    redirect: str


class Certificate(Shape):
    id: int
    owner_name: str
    label: str
    not_before: datetime
    not_after: datetime
    revoked: bool
    pin: str = Field(description="The container's PIN")
    container_url: str = Field(description="The PKCS#12 key container (.p12), locked by the PIN")


class GroupPerson(Shape):
    oid: int
    phone: str | None
    email: str | None
    snils: str | None
    password: str | None = Field(description="The demo password; null for people made by hand")
    who: str
    seat: int | None = Field(
        alias="copy", description="The copy (trainee's seat) 1…N; null: made by hand"
    )


class Group(Shape):
    id: int
    name: str
    copies: int
    personas: list[GroupPerson]


class GroupSummary(Shape):
    id: int
    name: str
    copies: int
    people: int


class TotpSecret(Shape):
    secret: str = Field(description="Base32, as the QR code carries it")
    uri: str = Field(description="otpauth://totp/…")


class TotpCode(Shape):
    code: str = Field(pattern=r"^\d{6}$")
    valid_for: int = Field(ge=1, le=30, description="Seconds until the next code")
