"""The REST API's tests start from a doctor logged in with every default scope."""

import pytest

from tests.support.constants import DOCTOR_PHONE
from tests.support.drivers import tokens_for


@pytest.fixture
def doctor(app, registered, demo):
    """The doctor's oid and the access token of a login that granted every default scope."""
    return demo[DOCTOR_PHONE], tokens_for(app, registered)["access_token"]
