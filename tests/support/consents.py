"""A person's remembered consents, taken back as the profile's «Отозвать» does, so a test about
the consent page meets it even for someone who logged in to the site before."""

from sqlalchemy import select

from idp_mock.login import consent
from idp_mock.models import Persona, db


def revoke_every_consent(idp_app, phone: str) -> None:
    """The person with `phone` revokes every site's consent: their next login asks again."""
    with idp_app.app_context():
        persona = db.session.scalar(select(Persona).where(Persona.phone == phone))
        for site in consent.grants_of(persona):
            consent.revoke(persona, site.client_id)
