"""What the tester API accepts: each request body and query as a model. The rules that need the
database or an algorithm (a SNILS checksum, a free phone, the password policy) stay in the
services; these models hold the shapes, ranges and choices, and the document shows them.
The clock's and a snapshot's bodies are the cabinet's too: common/tester_api/bodies.py."""

from datetime import date
from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, Field

from common.converters import BIGGEST_ID, BIGGEST_ROW_ID
from common.tester_api.contract import Body, Open
from idp_mock.login.biometrics import OUTCOMES
from idp_mock.models import LEVELS, STATES
from idp_mock.protocol.errors import CODES
from idp_mock.protocol.keys import STAGES
from idp_mock.tester.api.registry_facts import Registry
from idp_mock.tester.faults import KINDS, MAX_SLEEP, TOKEN_DEFECTS
from idp_mock.tester.group_cast import MAX_COPIES
from idp_mock.tester.personas import FIRST_OID
from idp_mock.tester.shortcuts import AMRS

WebAddress = Annotated[str, Field(pattern=r"^https?://", max_length=2000)]


def any_id():
    return Field(default=None, ge=1, le=BIGGEST_ID)


def short():
    return Field(default=None, max_length=200)


class ClientRegistration(Body):
    client_id: str = Field(min_length=1, max_length=64, description="Мнемоника ИС")
    name: str = Field(default="", max_length=200)
    certificate_pem: str = Field(
        default="", description="May be empty only with signature_mode off"
    )
    redirect_uris: list[WebAddress] = Field(min_length=1)
    scopes: list[str] = Field(default=[], description="Empty: any scope")
    signature_mode: Literal["strict", "gost", "lenient", "off"] = Field(
        default="strict",
        description="strict: any correct signature (RSA or GOST), refused otherwise; gost: only"
        " what the real ESIA accepts (GOST R 34.10-2012: a detached PKCS#7 on v1, a raw 64-byte"
        " signature in OpenSSL order on v2/v3), refused with its codes; lenient: refusals only"
        " logged; off: no signature",
    )
    post_logout_redirect_uris: list[WebAddress] = Field(
        default=[], description="Where /oidc/logout may return (redirect_uris are allowed too)"
    )
    messages: ClassVar[dict[str, str]] = {
        "client_id": "Укажите client_id (мнемонику системы)",
        "redirect_uris": "Укажите хотя бы один адрес возврата http(s)://…",
        "post_logout_redirect_uris": "Адреса после выхода: http(s)://…",
    }


class Script(Open):
    """Scripted outcomes per way in; other keys are kept as sent."""

    biometrics: Literal[OUTCOMES] | list[Literal[OUTCOMES]] | None = Field(
        default=None, description="One outcome, or a list played in order (the last repeats)"
    )
    app: Literal["none", "deny"] | None = None
    bank: str | None = Field(default=None, max_length=50, description="A bank id, e.g. simbank")
    sms: Literal["never"] | None = Field(
        default=None,
        description="never: codes are never delivered (so are all to +7 900 000-00-0X)",
    )
    sfr_check: Literal["ok", "fail"] | None = Field(
        default=None, description="The profile's СФР check of the SNILS (ok by default)"
    )
    passport_check: Literal["ok", "fail"] | None = Field(
        default=None, description="The profile's МВД check of the passport (ok by default)"
    )
    confirm_bank: Literal["ok", "fail"] | None = Field(
        default=None, description="Whether a bank confirms the account in the profile"
    )


class Document(Open):
    """An ESIA document (RF_PASSPORT…): its id is what /rs/prns answers as rIdDoc."""

    id: int = Field(ge=0, le=BIGGEST_ID)
    type: str | None = short()


class Address(Open):
    id: int = Field(ge=0, le=BIGGEST_ID)
    type: str | None = short()


class Role(Open):
    """An organisation the person belongs to, as ESIA `roles` show it."""

    oid: int = Field(ge=0, le=BIGGEST_ID)
    shortName: str | None = short()
    fullName: str | None = Field(default=None, max_length=1000)


class PersonaChanges(Body):
    phone: str | None = Field(
        default=None, max_length=32, description="Russian mobile, any usual form"
    )
    email: str | None = Field(default=None, max_length=254)
    snils: str | None = Field(default=None, max_length=20, description="11 digits, valid checksum")
    last_name: str = Field(default="", max_length=100)
    first_name: str = Field(default="", max_length=100)
    middle_name: str = Field(default="", max_length=100)
    birth_date: date = None
    birth_place: str = Field(default="", max_length=200)
    gender: Literal["M", "F"] = None
    inn: str | None = Field(default=None, max_length=12)
    citizenship: str = Field(default="RUS", max_length=3)
    level: Literal[LEVELS] = None
    state: Literal[STATES] = Field(
        default=None, description="verifying: identity data being checked; blocked: no login"
    )
    phone_verified: bool = True
    email_verified: bool = True
    documents: list[Document] = []
    addresses: list[Address] = []
    roles: list[Role] = []
    registry: Registry = Field(default=None, description="ФРМР certificate, licence, СФР facts")
    description: str = ""
    fixed_code: str | None = Field(
        default=None, pattern=r"^[0-9]{6}$", description="Every SMS or e-mail code (tests only)"
    )
    script: Script = None
    password: str = Field(
        default=None, description="8+ chars, upper and lower case, a digit and a special character"
    )
    locked_until: None = Field(default=None, description="null lifts a lockout")
    messages: ClassVar[dict[str, str]] = {
        "birth_date": "Дата рождения в формате ГГГГ-ММ-ДД",
        "level": "Уровень: simplified, standard или confirmed",
        "state": "Состояние: active, verifying или blocked",
        "fixed_code": "fixed_code: 6 цифр или null",
    }


class NewPersona(PersonaChanges):
    oid: int = Field(default=None, ge=FIRST_OID, le=BIGGEST_ID, description="Default: the next")
    last_name: str = Field(min_length=1, max_length=100)
    first_name: str = Field(min_length=1, max_length=100)
    birth_date: date
    gender: Literal["M", "F"]
    password: str = Field(min_length=1)
    group: int | None = Field(
        default=None, ge=1, le=BIGGEST_ROW_ID, description="Make them in this group"
    )
    messages: ClassVar[dict[str, str]] = PersonaChanges.messages | {
        "oid": f"OID — целое число не меньше {FIRST_OID}"
    }


class Reset(Body):
    clients: bool = Field(default=False, description="Also forget registered clients")


ESIA_CODES = tuple(code for code, (_, text) in CODES.items() if "{}" not in text)


class FaultInput(Body):
    kind: Literal[KINDS]
    path: str = Field(
        default=None,
        pattern=r"^[/*]",
        max_length=200,
        description="Glob of request paths, e.g. /aas/oauth2/*; bad_token: token paths, default *",
    )
    times: int | None = Field(default=None, ge=1, le=BIGGEST_ID, description="null: until cleared")
    status: int = Field(default=500, ge=400, le=599, description="http_error")
    code: Literal[ESIA_CODES] = Field(default="ESIA-007007", description="esia_error")
    seconds: float = Field(default=None, ge=0, le=MAX_SLEEP, description="delay 3, timeout 30")
    retry_after: int = Field(default=600, ge=0, le=86400, description="maintenance: Retry-After")
    defect: Literal[TOKEN_DEFECTS] = Field(default=None, description="bad_token")
    messages: ClassVar[dict[str, str]] = {
        "path": "path: путь от корня, можно с * (например /aas/oauth2/*)",
        "times": "times: целое число ≥ 1 или null (до отмены)",
        "code": "code: код ошибки ЕСИА, например ESIA-007007",
    }


class KeyRotation(Body):
    stage: Literal[STAGES]


class LoginAs(Body):
    oid: int = any_id()
    login: str = Field(default=None, max_length=254, description="phone, e-mail or SNILS")
    amr: Literal[AMRS] = "PWD"


class AppDecision(Body):
    decision: Literal["approve", "deny"]
    oid: int = any_id()
    login: str = Field(default=None, max_length=254)
    number: int = Field(default=None, ge=0, le=BIGGEST_ID, description="Default: the right one")


class CodeRequest(Body):
    client_id: str = Field(max_length=64)
    redirect_uri: str
    oid: int = any_id()
    login: str = Field(default=None, max_length=254)
    scope: str = Field(default="openid", max_length=2000)
    state: str = short()
    nonce: str = short()
    code_challenge: str = Field(default=None, max_length=128)
    code_challenge_method: Literal["S256"] = "S256"
    access_type: Literal["online", "offline"] = "online"
    protocol: Literal["v1", "v2", "oidc"] = "v2"
    amr: Literal[AMRS] = "PWD"


class MessagesQuery(BaseModel):
    to: str = Field(default=None, description="Phone in E.164 (+79161234501) or e-mail")


class OidQuery(BaseModel):
    oid: int = Field(default=None, description="Only this person's")


class NewGroup(Body):
    name: str = Field(min_length=1, max_length=100)
    copies: int = Field(default=0, ge=0, le=MAX_COPIES, description="Copies of the demo cast")
    messages: ClassVar[dict[str, str]] = {
        "name": "name: название группы, от 1 до 100 символов",
        "copies": f"copies: целое число от 0 до {MAX_COPIES}",
    }


class NewCertificate(Body):
    """An e-signature certificate for a person: issued by the stand's GOST demo root, or the
    tester's own GOST certificate with its private key."""

    label: str = Field(default="Выпущен тестировщиком", min_length=1, max_length=100)
    valid_days: int = Field(default=365, ge=1, le=3650, description="For an issued certificate")
    certificate_pem: str = Field(
        default="",
        max_length=20_000,
        description="Empty: the stand issues one; else a GOST R 34.10-2012 (256) certificate, "
        "PEM or base64 DER",
    )
    private_key: str = Field(
        default="",
        max_length=4_000,
        description="With certificate_pem: its key, 64 hex digits (OpenSSL order) or PKCS#8 PEM",
    )
    messages: ClassVar[dict[str, str]] = {
        "label": "Назовите сертификат (до 100 знаков)",
        "valid_days": "Срок действия: от 1 до 3650 дней",
    }
