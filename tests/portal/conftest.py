"""The cabinet's tests start with the demo doctor logged in."""

import pytest

from tests.support.constants import DOCTOR_PHONE


@pytest.fixture
def signed_in(doctor):
    """The test client of the demo doctor, logged in."""
    doctor.log_in(DOCTOR_PHONE)
    return doctor.web
