"""Two signing identities for the client_secret tests: the registered client and an intruder."""

import pytest

from tests.support.signing import Identity, make_identity


@pytest.fixture(scope="module")
def registered(tmp_path_factory: pytest.TempPathFactory) -> Identity:
    return make_identity(tmp_path_factory.mktemp("registered"), "medaccred-client")


@pytest.fixture(scope="module")
def foreign(tmp_path_factory: pytest.TempPathFactory) -> Identity:
    return make_identity(tmp_path_factory.mktemp("foreign"), "intruder")
