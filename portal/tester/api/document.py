"""Tester API: its OpenAPI 3.1 document, generated from the routes and their models."""

from flask import jsonify

from common.tester_api.openapi import openapi_document

from .blueprint import bp

INFO = {
    "title": "Cabinet tester API",
    "version": "1.0.0",
    "description": "Read the e-mails the cabinet sent, move its clock (for everyone or for one "
    "doctor by ESIA oid), start afresh between classes, save and restore snapshots. "
    "Requires 'Authorization: Bearer <PORTAL_ADMIN_TOKEN>' when that is set. "
    "A change from another site's page (its Origin, Sec-Fetch-Site) gets 403, a non-JSON body 415.",
}


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document(INFO))
