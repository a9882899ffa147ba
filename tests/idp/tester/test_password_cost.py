"""What a password costs to check: personas the stand makes use the ASVS 5.0 argon2id minimum,
a password a person sets themselves the full RFC 9106 cost, and both are configurable."""

import pytest
from sqlalchemy import select

from idp_mock.login.passwords import hash_password, verify_password
from idp_mock.models import Persona, db
from tests.support.drivers import step_of

API = "/_mock/api"
ASVS_MINIMUM = "$argon2id$v=19$m=19456,t=2,p=1$"
RFC_9106 = "$argon2id$v=19$m=65536,t=3,p=4$"


@pytest.fixture
def real_costs(app):
    app.config["FAST_PASSWORD_HASH"] = False
    return app


def stored_hash(app, oid: int) -> str:
    with app.app_context():
        return db.session.scalar(select(Persona.password_hash).where(Persona.oid == oid))


def test_a_persona_made_through_the_tester_api_gets_the_asvs_minimum(
    real_costs, client, new_person, log_in, registered
):
    oid = client.post(f"{API}/personas", json=new_person()).get_json()["oid"]
    assert stored_hash(real_costs, oid).startswith(ASVS_MINIMUM)
    response, _ = log_in(real_costs, registered, "+79161110001", "Strong-Pass1")
    assert step_of(response) == "/login/code"


def test_the_persona_cost_is_a_setting(real_costs, client, new_person):
    real_costs.config["PERSONA_PASSWORD_HASH"] = "rfc9106"
    oid = client.post(f"{API}/personas", json=new_person()).get_json()["oid"]
    assert stored_hash(real_costs, oid).startswith(RFC_9106)


def test_a_password_a_person_sets_costs_the_full_rfc_9106_and_still_verifies(real_costs):
    with real_costs.app_context():
        chosen = hash_password("Chosen-Pass1!")
        assert chosen.startswith(RFC_9106)
        assert verify_password(chosen, "Chosen-Pass1!")
        assert not verify_password(chosen, "Chosen-Pass2!")
        real_costs.config["PASSWORD_HASH"] = "asvs"
        assert hash_password("Chosen-Pass1!").startswith(ASVS_MINIMUM)
