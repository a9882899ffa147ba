"""The simulator's state: people, relying parties, login transactions, codes, tokens, the outbox."""

from datetime import date, datetime

from flask_sqlalchemy import SQLAlchemy
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import JSON, BigInteger, ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from common import held_rows


class Base(DeclarativeBase):
    pass


class SimulatorSession(FlaskSession):
    """The simulator's sessions keep the rows a request read (`common/held_rows`): its
    requests read the login, its person and its codes from several functions each. A commit
    does not expire them either: a session lives for one request, and what it committed is
    what it holds (rows changed in SQL are refreshed where they are changed)."""


held_rows.hold_loaded_rows(SimulatorSession)
db = SQLAlchemy(
    model_class=Base,
    session_options={"class_": SimulatorSession, "expire_on_commit": False},
)

LEVELS = ("simplified", "standard", "confirmed")
# active; verifying: identity data being checked (ESIA "verifying": true); blocked: no login.
STATES = ("active", "verifying", "blocked")


class Group(db.Model):
    """A class of trainees or one parallel test run: its own people, clock, outbox, faults and
    snapshots. `baseline` is its people as created, what a reset puts back. Ids are never
    reused (AUTOINCREMENT), so a deleted group's logins and OIDs never come back."""

    __tablename__ = "persona_group"  # "group" is an SQL keyword
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    copies: Mapped[int] = mapped_column(default=0)
    clock_offset: Mapped[int] = mapped_column(BigInteger, default=0)
    baseline: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime]


class GroupSnapshot(db.Model):
    """A named copy of one group's people and their state."""

    group_id: Mapped[int] = mapped_column(ForeignKey("persona_group.id"), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    data: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime]


class Persona(db.Model):
    """A Gosuslugi account: a person and everything ESIA knows about them."""

    oid: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    phone: Mapped[str | None] = mapped_column(String(16), unique=True)
    snils: Mapped[str | None] = mapped_column(String(11), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    last_name: Mapped[str] = mapped_column(String(100))
    first_name: Mapped[str] = mapped_column(String(100))
    middle_name: Mapped[str] = mapped_column(String(100), default="")
    birth_date: Mapped[date]
    birth_place: Mapped[str] = mapped_column(String(200), default="")
    gender: Mapped[str] = mapped_column(String(1))
    inn: Mapped[str | None] = mapped_column(String(12))
    citizenship: Mapped[str] = mapped_column(String(3), default="RUS")
    level: Mapped[str] = mapped_column(String(12), default="confirmed")
    state: Mapped[str] = mapped_column(String(10), default="active")
    phone_verified: Mapped[bool] = mapped_column(default=True)
    email_verified: Mapped[bool] = mapped_column(default=True)
    documents: Mapped[list] = mapped_column(JSON, default=list)
    addresses: Mapped[list] = mapped_column(JSON, default=list)
    roles: Mapped[list] = mapped_column(JSON, default=list)
    registry: Mapped[dict] = mapped_column(JSON, default=dict)
    description: Mapped[str] = mapped_column(Text, default="")
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    updated_at: Mapped[datetime]
    # Tester shortcuts and scripted outcomes: a fixed SMS code, how each way in behaves.
    fixed_code: Mapped[str | None] = mapped_column(String(6))
    script: Mapped[dict] = mapped_column(JSON, default=dict)
    # A class's or a test run's world (None: the stand's own people) and, set by an unlock,
    # the moment from which the hourly code limit counts again.
    group_id: Mapped[int | None] = mapped_column(ForeignKey("persona_group.id"), index=True)
    codes_counted_from: Mapped[datetime | None]
    # Authenticator-app codes (RFC 6238): the shared secret, and the last time step accepted,
    # so a code used once is refused again within its window.
    totp_secret: Mapped[str | None] = mapped_column(String(32))
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)

    @property
    def trusted(self) -> bool:
        return self.level == "confirmed"

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)


class Client(db.Model):
    """A relying party (информационная система) registered with ESIA by its mnemonic."""

    client_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    certificate_pem: Mapped[str] = mapped_column(Text, default="")
    redirect_uris: Mapped[list] = mapped_column(JSON, default=list)
    scopes: Mapped[list] = mapped_column(JSON, default=list)
    signature_mode: Mapped[str] = mapped_column(String(8), default="strict")
    post_logout_redirect_uris: Mapped[list] = mapped_column(JSON, default=list)


class AuthRequest(db.Model):
    """One authorization request from a client, followed through login and consent."""

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    client_id: Mapped[str] = mapped_column(ForeignKey("client.client_id", ondelete="CASCADE"))
    redirect_uri: Mapped[str] = mapped_column(Text)
    scope: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(200))
    access_type: Mapped[str] = mapped_column(String(8), default="online")
    protocol: Mapped[str] = mapped_column(String(4))
    confirmed_only: Mapped[bool] = mapped_column(default=False)
    code_challenge: Mapped[str | None] = mapped_column(String(128))
    nonce: Mapped[str | None] = mapped_column(String(200))
    persona_oid: Mapped[int | None] = mapped_column(ForeignKey("persona.oid", ondelete="CASCADE"))
    authenticated_at: Mapped[datetime | None]
    amr: Mapped[str | None] = mapped_column(String(8))
    sso_session_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime]


class OtpChallenge(db.Model):
    """An SMS code sent for one login attempt; only its hash is kept."""

    id: Mapped[int] = mapped_column(primary_key=True)
    auth_request_id: Mapped[str] = mapped_column(
        ForeignKey("auth_request.id", ondelete="CASCADE"), index=True
    )
    persona_oid: Mapped[int] = mapped_column(ForeignKey("persona.oid", ondelete="CASCADE"))
    code_hash: Mapped[str] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(default=0)
    spent: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(index=True)
    expires_at: Mapped[datetime]


class SsoSession(db.Model):
    """The person's session on the simulator itself (what /idp/ext/Logout ends)."""

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    persona_oid: Mapped[int] = mapped_column(ForeignKey("persona.oid", ondelete="CASCADE"))
    amr: Mapped[str] = mapped_column(String(8), default="PWD")
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    ended: Mapped[bool] = mapped_column(default=False)


class AuthCode(db.Model):
    """An authorization code; stored hashed, usable once."""

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    auth_request_id: Mapped[str] = mapped_column(ForeignKey("auth_request.id", ondelete="CASCADE"))
    client_id: Mapped[str] = mapped_column(String(64))
    persona_oid: Mapped[int] = mapped_column(ForeignKey("persona.oid", ondelete="CASCADE"))
    redirect_uri: Mapped[str] = mapped_column(Text)
    scope: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class IssuedToken(db.Model):
    """An access or refresh token, so replay of its code or a logout can revoke it."""

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    code_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    sso_session_id: Mapped[str | None] = mapped_column(String(64), index=True)
    client_id: Mapped[str] = mapped_column(String(64))
    persona_oid: Mapped[int] = mapped_column(ForeignKey("persona.oid", ondelete="CASCADE"))
    scope: Mapped[str] = mapped_column(Text)
    redirect_uri: Mapped[str] = mapped_column(Text, default="")
    expires_at: Mapped[datetime]
    revoked: Mapped[bool] = mapped_column(default=False)


class Message(db.Model):
    """An SMS or e-mail the simulator "sent": the tester's view of the person's phone."""

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(8))
    to: Mapped[str] = mapped_column(String(254), index=True)
    body: Mapped[str] = mapped_column(Text)
    code: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime]
    group_id: Mapped[int | None] = mapped_column(index=True)


class ClockState(db.Model):
    """How far the tester moved the simulator's clock ahead of the real one."""

    id: Mapped[int] = mapped_column(primary_key=True)
    offset_seconds: Mapped[int] = mapped_column(BigInteger, default=0)


class LoginThrottle(db.Model):
    """Failed logins per source address, so one source cannot lock out many accounts."""

    source: Mapped[str] = mapped_column(String(64), primary_key=True)
    window_start: Mapped[datetime]
    failures: Mapped[int] = mapped_column(default=0)


class Fault(db.Model):
    """A failure the tester asked for: what to break, on which paths, and how many times more."""

    id: Mapped[int] = mapped_column(primary_key=True)
    path: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    remaining: Mapped[int | None]
    created_at: Mapped[datetime]
    group_id: Mapped[int | None] = mapped_column(index=True)


class SigningKeyRecord(db.Model):
    """A token-signing key after the first rotation: next (published), active or previous."""

    kid: Mapped[str] = mapped_column(String(64), primary_key=True)
    private_pem: Mapped[str] = mapped_column(Text)
    certificate_pem: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime]


class Snapshot(db.Model):
    """A named copy of the simulator's whole state, to restore between tests or lessons."""

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    data: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime]


class Recovery(db.Model):
    """One password recovery: the code sent, the checks passed, bound to one browser."""

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    persona_oid: Mapped[int | None] = mapped_column(ForeignKey("persona.oid", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(8))
    target: Mapped[str] = mapped_column(String(254))
    code_hash: Mapped[str] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    code_ok: Mapped[bool] = mapped_column(default=False)
    document_ok: Mapped[bool] = mapped_column(default=False)
    done: Mapped[bool] = mapped_column(default=False)


class AppConfirmation(db.Model):
    """A login waiting for the person to confirm it in the Gosuslugi app (QR code)."""

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    auth_request_id: Mapped[str] = mapped_column(
        ForeignKey("auth_request.id", ondelete="CASCADE"), index=True
    )
    persona_oid: Mapped[int | None] = mapped_column(ForeignKey("persona.oid", ondelete="CASCADE"))
    number: Mapped[int]
    status: Mapped[str] = mapped_column(String(10), default="pending")
    reason: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class SignatureCertificate(db.Model):
    """A qualified e-signature certificate "installed" on the simulated computer, with its key
    (the simulator plays the signing plugin). `revoked` stands in for the CA's CRL."""

    __tablename__ = "signature_certificate"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_snils: Mapped[str] = mapped_column(String(11))
    owner_name: Mapped[str] = mapped_column(String(200))
    label: Mapped[str] = mapped_column(String(100))
    private_key: Mapped[str] = mapped_column(String(64))
    certificate_pem: Mapped[str] = mapped_column(Text)
    revoked: Mapped[bool] = mapped_column(default=False)


class BiometricState(db.Model):
    """A person's biometric check history: consecutive failures slow it down, then stop it."""

    persona_oid: Mapped[int] = mapped_column(
        ForeignKey("persona.oid", ondelete="CASCADE"), primary_key=True
    )
    attempts: Mapped[int] = mapped_column(default=0)
    failures: Mapped[int] = mapped_column(default=0)
    next_allowed_at: Mapped[datetime | None]


class TimelineEvent(db.Model):
    """One step of a login as a trainer sees it: what was asked, what happened, and why."""

    id: Mapped[int] = mapped_column(primary_key=True)
    auth_request_id: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime]
    step: Mapped[str] = mapped_column(String(40))
    ok: Mapped[bool] = mapped_column(default=True)
    text: Mapped[str] = mapped_column(Text)
    params: Mapped[dict] = mapped_column(JSON, default=dict)


class AppDevice(db.Model):
    """A phone with the Gosuslugi app signed in as one person. The phone keeps a random secret
    in a cookie; only its hash is stored. `pending` until the sign-in's SMS code is right."""

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    persona_oid: Mapped[int] = mapped_column(
        ForeignKey("persona.oid", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(8), default="pending")
    code_hash: Mapped[str] = mapped_column(String(64), default="")
    code_attempts: Mapped[int] = mapped_column(default=0)
    code_expires_at: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(index=True)


class CertificateInstall(db.Model):
    """A certificate's key container imported into one browser's signing plugin: the PKCS#12
    file as imported (still locked by its PIN), bound to the hash of the browser's secret."""

    __tablename__ = "certificate_install"

    id: Mapped[int] = mapped_column(primary_key=True)
    browser_hash: Mapped[str] = mapped_column(String(64), index=True)
    certificate_id: Mapped[int] = mapped_column(
        ForeignKey("signature_certificate.id", ondelete="CASCADE")
    )
    container: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime]


class ProfileCheck(db.Model):
    """Something the person asked for in the profile that takes a code or a moment: a new phone
    or e-mail waiting for its code, SNILS or passport data being checked, a confirmation of
    the account. `status`: pending, ok or failed; `ready_at`: when a check has its answer."""

    id: Mapped[int] = mapped_column(primary_key=True)
    persona_oid: Mapped[int] = mapped_column(
        ForeignKey("persona.oid", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    value: Mapped[dict] = mapped_column(JSON, default=dict)
    code_hash: Mapped[str] = mapped_column(String(64), default="")
    attempts: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(8), default="pending")
    reason: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime]
    ready_at: Mapped[datetime]


class ConsentGrant(db.Model):
    """The data a person allowed one site (by an ESIA protocol with signed requests) to have:
    a later login of theirs to that site asking no more goes back without the consent page."""

    __tablename__ = "consent_grant"

    persona_oid: Mapped[int] = mapped_column(
        ForeignKey("persona.oid", ondelete="CASCADE"), primary_key=True
    )
    client_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    scope: Mapped[str] = mapped_column(Text)
    granted_at: Mapped[datetime]
