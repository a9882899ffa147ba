"""The one blueprint of the cabinet's tester API."""

from common.tester_api.blueprint import tester_blueprint
from portal import csrf

# PUBLIC_URL: the cabinet's own address, whose pages may call its tester API.
bp = tester_blueprint("tester_api", __name__, "PORTAL_ADMIN_TOKEN", "PUBLIC_URL")
# Scripts have no form token: a change is guarded by its Origin and JSON type instead (see
# common/admin.py), which a page of another site cannot forge without a CORS preflight.
csrf.exempt(bp)
