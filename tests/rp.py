"""tests/idp/tester/test_mock_api.py still imports the relying party from here; it is to import
it from tests.support.rp, after which this module goes."""

from tests.support.rp import RelyingParty

__all__ = ["RelyingParty"]
