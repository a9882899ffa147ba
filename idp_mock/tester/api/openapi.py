"""The OpenAPI 3.1 description of the tester API (served at /_mock/api/openapi.json)."""

from idp_mock.tester.api import openapi_tester as tester

JSON = "application/json"


def body(schema: str) -> dict:
    return {
        "required": True,
        "content": {JSON: {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }


def reply(description: str, schema: dict | None = None) -> dict:
    answer = {"description": description}
    if schema:
        answer["content"] = {JSON: {"schema": schema}}
    return answer


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def many(name: str) -> dict:
    return {"type": "array", "items": ref(name)}


OID = {"name": "oid", "in": "path", "required": True, "schema": {"type": "integer"}}
INVALID = reply("Поле не прошло проверку", ref("Error"))

PATHS = {
    "/clients": {
        "get": {
            "summary": "Registered relying parties",
            "responses": {"200": reply("OK", many("Client"))},
        },
        "post": {
            "summary": "Register or replace a relying party",
            "requestBody": body("Client"),
            "responses": {"201": reply("Registered", ref("Client")), "422": INVALID},
        },
    },
    "/signing-cert": {
        "get": {
            "summary": "PEM certificate whose key signs the tokens",
            "responses": {
                "200": {
                    "description": "PEM",
                    "content": {"application/x-pem-file": {"schema": {"type": "string"}}},
                }
            },
        }
    },
    "/personas": {
        "get": {"summary": "All test people", "responses": {"200": reply("OK", many("Persona"))}},
        "post": {
            "summary": "Create a test person",
            "requestBody": body("PersonaInput"),
            "responses": {"201": reply("Created", ref("Persona")), "422": INVALID},
        },
    },
    "/personas/{oid}": {
        "parameters": [OID],
        "get": {
            "summary": "One test person",
            "responses": {"200": reply("OK", ref("Persona")), "404": reply("No such person")},
        },
        "patch": {
            "summary": "Change fields of a test person (password, level, registry facts…)",
            "requestBody": body("PersonaInput"),
            "responses": {
                "200": reply("Changed", ref("Persona")),
                "422": INVALID,
                "404": reply("No such person"),
            },
        },
        "delete": {
            "summary": "Delete a test person",
            "responses": {"204": reply("Deleted"), "404": reply("No such person")},
        },
    },
    "/personas/{oid}/unlock": {
        "parameters": [OID],
        "post": {
            "summary": "Lift a password lockout now",
            "responses": {"200": reply("Unlocked", ref("Persona")), "404": reply("No such person")},
        },
    },
    "/messages": {
        "get": {
            "summary": "SMS and e-mails sent, newest first (at most 200)",
            "parameters": [
                {
                    "name": "to",
                    "in": "query",
                    "schema": {"type": "string"},
                    "description": "Phone in E.164 (+79161234501) or e-mail",
                }
            ],
            "responses": {"200": reply("OK", many("Message"))},
        }
    },
    "/clock": {
        "get": {
            "summary": "The simulator's current time",
            "responses": {"200": reply("OK", ref("Clock"))},
        },
        "post": {
            "summary": "Move the clock forward",
            "requestBody": body("ClockMove"),
            "responses": {"200": reply("Moved", ref("Clock")), "422": INVALID},
        },
    },
    "/reset": {
        "post": {
            "summary": "Wipe people, logins, tokens, messages and clock; reseed the demo personas",
            "requestBody": {
                "required": False,
                "content": {
                    JSON: {
                        "schema": {
                            "type": "object",
                            "properties": {
                                "clients": {
                                    "type": "boolean",
                                    "description": "Also forget registered clients",
                                }
                            },
                        }
                    }
                },
            },
            "responses": {"200": reply("Reset")},
        }
    },
}

SNILS = {
    "name": "snils",
    "in": "path",
    "required": True,
    "schema": {"type": "string"},
    "description": "11 digits, with or without dashes",
}
NOT_FOUND = reply("Not in the registry", ref("Error"))
REGISTRY_PATHS = {
    "/registries/sfr/snils/{snils}": {
        "parameters": [SNILS],
        "get": {
            "summary": "СФР: the person a SNILS belongs to",
            "tags": ["registries"],
            "responses": {"200": reply("Found", ref("SfrRecord")), "404": NOT_FOUND},
        },
    },
    "/registries/frmr/workers/{snils}": {
        "parameters": [SNILS],
        "get": {
            "summary": "ФРМР: a medical worker and their certificates",
            "tags": ["registries"],
            "responses": {"200": reply("Found", ref("FrmrWorker")), "404": NOT_FOUND},
        },
    },
    "/registries/licences/by-worker/{snils}": {
        "parameters": [SNILS],
        "get": {
            "summary": "Росздравнадзор: the medical licence of the worker's employer",
            "tags": ["registries"],
            "responses": {"200": reply("Found", ref("Licence")), "404": NOT_FOUND},
        },
    },
}

NULLABLE_TEXT = {"type": ["string", "null"]}
PERSON_FIELDS = {
    "oid": {"type": "integer", "minimum": 1000000000},
    "phone": NULLABLE_TEXT | {"description": "Russian mobile, any usual form; stored E.164"},
    "email": NULLABLE_TEXT,
    "snils": NULLABLE_TEXT | {"description": "11 digits with a valid checksum"},
    "last_name": {"type": "string"},
    "first_name": {"type": "string"},
    "middle_name": {"type": "string"},
    "birth_date": {"type": "string", "format": "date"},
    "birth_place": {"type": "string"},
    "gender": {"enum": ["M", "F"]},
    "inn": NULLABLE_TEXT,
    "citizenship": {"type": "string"},
    "level": {"enum": ["simplified", "standard", "confirmed"]},
    "state": {
        "enum": ["active", "verifying", "blocked"],
        "description": "verifying: identity data being checked; blocked: every login refused",
    },
    "phone_verified": {"type": "boolean"},
    "email_verified": {"type": "boolean"},
    "documents": {"type": "array", "items": {"type": "object"}},
    "addresses": {"type": "array", "items": {"type": "object"}},
    "roles": {"type": "array", "items": {"type": "object"}},
    "registry": {"type": "object", "description": "ФРМР certificate, licence and СФР facts"},
    "description": {"type": "string"},
    "fixed_code": NULLABLE_TEXT
    | {"description": "6 digits: every SMS or e-mail code for this person (tests only)"},
    "script": {
        "type": "object",
        "description": "Scripted outcomes: biometrics (match | no_match | liveness_failed | "
        "camera_unavailable, or a list played in order), app (none | deny), bank (a bank id), "
        "sms (never: codes are never delivered; so are all to +7 900 000-00-0X)",
    },
}

SCHEMAS = {
    "SfrRecord": {
        "type": "object",
        "properties": {
            "snils": {"type": "string"},
            "lastName": {"type": "string"},
            "firstName": {"type": "string"},
            "middleName": {"type": "string"},
            "birthDate": {"type": "string", "format": "date"},
            "status": {"type": "string"},
        },
    },
    "Certificate": {
        "type": "object",
        "properties": {
            "number": {"type": "string"},
            "specialty": {"type": "string"},
            "kind": {"enum": ["certificate", "accreditation"]},
            "issued": {"type": "string", "format": "date"},
            "valid_until": {"type": "string", "format": "date"},
            "status": {"enum": ["active", "suspended", "revoked"]},
        },
    },
    "Education": {
        "type": "object",
        "properties": {
            "kind": {"enum": ["diploma", "residency", "qualification"]},
            "number": {"type": "string"},
            "specialty": {"type": "string"},
            "organisation": {"type": "string"},
            "hours": {"type": "integer"},
            "issue_date": {"type": "string", "format": "date"},
        },
    },
    "FrmrWorker": {
        "type": "object",
        "properties": {
            "snils": {"type": "string"},
            "fullName": {"type": "string"},
            "birthDate": {"type": "string", "format": "date"},
            "certificates": {"type": "array", "items": ref("Certificate")},
            "education": {"type": "array", "items": ref("Education")},
        },
    },
    "Licence": {
        "type": "object",
        "properties": {
            "number": {"type": "string"},
            "organisation": {"type": "string"},
            "status": {"enum": ["active", "suspended", "revoked"]},
        },
    },
    "Error": {
        "type": "object",
        "properties": {"error": {"type": "string"}, "field": {"type": "string"}},
    },
    "Client": {
        "type": "object",
        "required": ["client_id", "redirect_uris"],
        "properties": {
            "client_id": {"type": "string", "description": "Мнемоника ИС"},
            "name": {"type": "string"},
            "certificate_pem": {
                "type": "string",
                "description": "May be empty only with signature_mode off",
            },
            "redirect_uris": {"type": "array", "items": {"type": "string", "format": "uri"}},
            "scopes": {
                "type": "array",
                "items": {"type": "string"},
                "description": "Empty: any scope",
            },
            "signature_mode": {"enum": ["strict", "lenient", "off"]},
            "post_logout_redirect_uris": {
                "type": "array",
                "items": {"type": "string", "format": "uri"},
                "description": "Where /oidc/logout may return (redirect_uris are allowed too)",
            },
        },
    },
    "PersonaInput": {
        "type": "object",
        "properties": PERSON_FIELDS
        | {
            "password": {
                "type": "string",
                "description": "8+ chars, upper and lower case, a digit and a special character",
            },
            "locked_until": {"type": "null", "description": "null lifts a lockout"},
        },
    },
    "Persona": {
        "type": "object",
        "properties": PERSON_FIELDS
        | {
            "trusted": {"type": "boolean"},
            "failed_logins": {"type": "integer"},
            "locked_until": {"type": ["string", "null"], "format": "date-time"},
        },
    },
    "Message": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "channel": {"enum": ["sms", "email"]},
            "to": {"type": "string"},
            "body": {"type": "string"},
            "code": {"type": ["string", "null"]},
            "sent_at": {"type": "string", "format": "date-time"},
        },
    },
    "Clock": {
        "type": "object",
        "properties": {
            "now": {"type": "string", "format": "date-time"},
            "offset_seconds": {"type": "integer"},
        },
    },
    "ClockMove": {
        "type": "object",
        "required": ["advance_seconds"],
        "properties": {"advance_seconds": {"type": "integer", "minimum": 0}},
    },
}


def openapi_document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "ESIA simulator tester API",
            "version": "1.0.0",
            "description": "Manage test people and relying parties, read sent messages, "
            "move the clock. "
            "Requires 'Authorization: Bearer <IDP_ADMIN_TOKEN>' when that is set.",
        },
        "servers": [{"url": "/"}],
        "paths": {
            **{f"/_mock/api{path}": item for path, item in (PATHS | tester.PATHS).items()},
            **REGISTRY_PATHS,
        },
        "components": {
            "schemas": SCHEMAS | tester.SCHEMAS,
            "securitySchemes": {"admin": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{}, {"admin": []}],
    }
