"""What every tester-API blueprint shares: the /_mock/api prefix, the guards, JSON errors."""

from flask import Blueprint, jsonify

from common.admin import guard_tester_api
from common.errors import ServiceError


def tester_blueprint(name: str, import_name: str) -> Blueprint:
    bp = Blueprint(name, import_name, url_prefix="/_mock/api")
    # CABINET_URL: the cabinet's address, whose pages may call the simulator's tester API too.
    guard_tester_api(bp, "IDP_ADMIN_TOKEN", "CABINET_URL")

    @bp.errorhandler(ServiceError)
    def invalid(error: ServiceError):
        # A service that refuses has stored nothing: it checks first or rolls back itself.
        return jsonify({"error": error.message, "field": error.field}), 422

    return bp
