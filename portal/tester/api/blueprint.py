"""The one blueprint of the cabinet's tester API."""

from common.tester_api.blueprint import tester_blueprint

# PUBLIC_URL: the cabinet's own address, whose pages may call its tester API.
bp = tester_blueprint("tester_api", __name__, "PORTAL_ADMIN_TOKEN", "PUBLIC_URL")
