"""The simulator's tester-API blueprints: common/tester_api's, with the simulator's settings."""

from flask import Blueprint

from common.tester_api import blueprint


def tester_blueprint(name: str, import_name: str) -> Blueprint:
    # CABINET_URL: the cabinet's address, whose pages may call the simulator's tester API too.
    return blueprint.tester_blueprint(name, import_name, "IDP_ADMIN_TOKEN", "CABINET_URL")
