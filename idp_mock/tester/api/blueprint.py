"""What every tester-API blueprint shares: the /_mock/api prefix, the admin token, JSON errors."""

from flask import Blueprint, jsonify

from common.admin import admin_token_guard
from common.errors import ServiceError


def tester_blueprint(name: str, import_name: str) -> Blueprint:
    bp = Blueprint(name, import_name, url_prefix="/_mock/api")
    bp.before_request(admin_token_guard("IDP_ADMIN_TOKEN"))

    @bp.errorhandler(ServiceError)
    def invalid(error: ServiceError):
        # A service that refuses has stored nothing: it checks first or rolls back itself.
        return jsonify({"error": error.message, "field": error.field}), 422

    return bp
