"""A fresh start: people, groups, logins, tokens, messages and the clock wiped, the demo people
back."""

from sqlalchemy import delete

from idp_mock import clock
from idp_mock.models import (
    AppDevice,
    AuthCode,
    AuthRequest,
    CertificateInstall,
    Client,
    ConsentGrant,
    Fault,
    Group,
    GroupSnapshot,
    IssuedToken,
    LoginThrottle,
    Message,
    OtpChallenge,
    Persona,
    ProfileCheck,
    SigningKeyRecord,
    SsoSession,
    db,
)
from idp_mock.tester import seed

STATE_TABLES = (
    AppDevice,
    ConsentGrant,
    CertificateInstall,
    Fault,
    SigningKeyRecord,
    IssuedToken,
    AuthCode,
    OtpChallenge,
    SsoSession,
    AuthRequest,
    Message,
    LoginThrottle,
    ProfileCheck,
    Persona,
    GroupSnapshot,
    Group,
)


def start_afresh(forget_clients: bool = False) -> list[Persona]:
    """Wipe the state and reseed the demo people; registered clients stay unless asked."""
    for table in STATE_TABLES:
        db.session.execute(delete(table))
    if forget_clients:
        db.session.execute(delete(Client))
    clock.move(-clock.offset())  # the demo people are dated by the real clock
    return seed.seed_demo()  # commits the wipe, the clock and the people at once
