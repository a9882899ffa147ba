"""What every tester-API blueprint shares: the /_mock/api prefix, the guards, JSON errors."""

from flask import Blueprint, jsonify

from common.admin import guard_tester_api
from common.errors import ServiceError


def tester_blueprint(
    name: str, import_name: str, token_variable: str, trusted_setting: str
) -> Blueprint:
    """A blueprint under /_mock/api guarded by the admin token `token_variable` and trusting
    pages of the URL in the `trusted_setting` configuration key."""
    bp = Blueprint(name, import_name, url_prefix="/_mock/api")
    guard_tester_api(bp, token_variable, trusted_setting)

    @bp.errorhandler(ServiceError)
    def invalid(error: ServiceError):
        # A service that refuses has stored nothing: it checks first or rolls back itself.
        return jsonify({"error": error.message, "field": error.field}), 422

    return bp
