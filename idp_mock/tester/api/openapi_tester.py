"""OpenAPI paths and schemas of the tester surface beyond people and clients: faults, keys,
snapshots, sessions and tokens, the clock, headless shortcuts."""

from idp_mock.tester.faults import KINDS, TOKEN_DEFECTS

JSON = "application/json"


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def many(name: str) -> dict:
    return {"type": "array", "items": ref(name)}


def reply(description: str, schema: dict | None = None) -> dict:
    answer = {"description": description}
    if schema:
        answer["content"] = {JSON: {"schema": schema}}
    return answer


def body(schema: dict) -> dict:
    return {"required": True, "content": {JSON: {"schema": schema}}}


def path_param(name: str, kind: str = "string") -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": kind}}


INVALID = reply("A field did not pass its check", ref("Error"))
MISSING = reply("No such thing")
OID_QUERY = {"name": "oid", "in": "query", "schema": {"type": "integer"}}

PATHS = {
    "/faults": {
        "get": {"summary": "Faults still armed", "responses": {"200": reply("OK", many("Fault"))}},
        "post": {
            "summary": "Arm a fault on the paths matching `path` (a glob), once, N times or "
            "until cleared",
            "requestBody": body(ref("FaultInput")),
            "responses": {"201": reply("Armed", ref("Fault")), "422": INVALID},
        },
        "delete": {"summary": "Clear every fault", "responses": {"200": reply("Cleared")}},
    },
    "/faults/{fault_id}": {
        "parameters": [path_param("fault_id", "integer")],
        "delete": {
            "summary": "Clear one fault",
            "responses": {"204": reply("Cleared"), "404": MISSING},
        },
    },
    "/signing-keys": {
        "get": {
            "summary": "Token-signing keys and their stage",
            "responses": {"200": reply("OK", many("SigningKey"))},
        }
    },
    "/signing-keys/rotate": {
        "post": {
            "summary": "Rotate the signing key: publish a next key in the JWKS, activate it "
            "(the old one stays published), retire the old one",
            "requestBody": body(
                {
                    "type": "object",
                    "required": ["stage"],
                    "properties": {"stage": {"enum": ["publish", "activate", "retire"]}},
                }
            ),
            "responses": {"200": reply("Rotated", many("SigningKey")), "422": INVALID},
        }
    },
    "/snapshots": {
        "get": {"summary": "Saved snapshots", "responses": {"200": reply("OK", many("Snapshot"))}},
        "post": {
            "summary": "Save the whole state under a name (replaces one of the same name)",
            "requestBody": body(
                {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}
            ),
            "responses": {"201": reply("Saved", ref("Snapshot")), "422": INVALID},
        },
    },
    "/snapshots/{name}": {
        "parameters": [path_param("name")],
        "delete": {
            "summary": "Forget a snapshot",
            "responses": {"204": reply("Deleted"), "404": MISSING},
        },
    },
    "/snapshots/{name}/restore": {
        "parameters": [path_param("name")],
        "post": {
            "summary": "Replace the whole state with a snapshot's",
            "responses": {"200": reply("Restored", ref("Snapshot")), "404": MISSING},
        },
    },
    "/sessions": {
        "get": {
            "summary": "SSO sessions, newest first",
            "parameters": [OID_QUERY],
            "responses": {"200": reply("OK", many("Session"))},
        }
    },
    "/sessions/{sso_id}/revoke": {
        "parameters": [path_param("sso_id")],
        "post": {
            "summary": "End a session and revoke its tokens",
            "responses": {"200": reply("Ended", ref("Session")), "404": MISSING},
        },
    },
    "/tokens": {
        "get": {
            "summary": "Access and refresh tokens issued",
            "parameters": [OID_QUERY],
            "responses": {"200": reply("OK", many("Token"))},
        }
    },
    "/tokens/{token_id}/revoke": {
        "parameters": [path_param("token_id")],
        "post": {
            "summary": "Revoke one token",
            "responses": {"200": reply("Revoked", ref("Token")), "404": MISSING},
        },
    },
    "/personas/{oid}/revoke": {
        "parameters": [path_param("oid", "integer")],
        "post": {
            "summary": "End every session and revoke every token of a person",
            "responses": {"200": reply("Revoked"), "404": reply("No such person")},
        },
    },
    "/clock/set": {
        "post": {
            "summary": "Put the clock at a moment (it may go back)",
            "requestBody": body(
                {
                    "type": "object",
                    "required": ["now"],
                    "properties": {"now": {"type": "string", "format": "date-time"}},
                }
            ),
            "responses": {"200": reply("Set", ref("Clock")), "422": INVALID},
        }
    },
    "/clock/reset": {
        "post": {"summary": "Back to real time", "responses": {"200": reply("Reset", ref("Clock"))}}
    },
    "/flows/{rid}/login": {
        "parameters": [path_param("rid")],
        "post": {
            "summary": "Finish the pending login `rid` (from the login page URL) as a persona, "
            "without the form; the browser then goes to consent",
            "requestBody": body(ref("LoginAs")),
            "responses": {"200": reply("Logged in"), "404": MISSING, "422": INVALID},
        },
    },
    "/flows/{rid}/app": {
        "parameters": [path_param("rid")],
        "get": {
            "summary": "The Gosuslugi-app request of a pending login: its number and phone link",
            "responses": {"200": reply("OK", ref("AppConfirmation")), "404": MISSING},
        },
        "post": {
            "summary": "Approve or deny it as the app would, headlessly",
            "requestBody": body(ref("AppDecision")),
            "responses": {
                "200": reply("Decided", ref("AppConfirmation")),
                "404": MISSING,
                "422": INVALID,
            },
        },
    },
    "/flows/{rid}/timeline": {
        "parameters": [path_param("rid")],
        "get": {
            "summary": "Every step of one login with a one-line Russian explanation",
            "responses": {"200": reply("OK", many("TimelineEvent")), "404": MISSING},
        },
    },
    "/codes": {
        "post": {
            "summary": "An authorization code for a persona without any page "
            "(exchange it at a token endpoint as usual)",
            "requestBody": body(ref("CodeRequest")),
            "responses": {"201": reply("Issued", ref("IssuedCode")), "422": INVALID},
        }
    },
}

STRING = {"type": "string"}
SCHEMAS = {
    "FaultInput": {
        "type": "object",
        "required": ["kind"],
        "properties": {
            "kind": {"enum": list(KINDS)},
            "path": {
                "type": "string",
                "description": "Glob of request paths, e.g. /aas/oauth2/*; "
                "bad_token: token paths, default *",
            },
            "times": {
                "type": ["integer", "null"],
                "minimum": 1,
                "description": "null: until cleared",
            },
            "status": {"type": "integer", "description": "http_error: 400–599 (default 500)"},
            "code": {"type": "string", "description": "esia_error: e.g. ESIA-007007"},
            "seconds": {
                "type": "number",
                "description": "delay (default 3) / timeout (default 30), at most 120",
            },
            "retry_after": {"type": "integer", "description": "maintenance: Retry-After seconds"},
            "defect": {"enum": list(TOKEN_DEFECTS)},
        },
    },
    "Fault": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "kind": STRING,
            "path": STRING,
            "times": {"type": ["integer", "null"]},
        },
    },
    "SigningKey": {
        "type": "object",
        "properties": {
            "kid": STRING,
            "status": {"enum": ["next", "active", "previous", "retired"]},
            "certificate_pem": STRING,
        },
    },
    "Snapshot": {
        "type": "object",
        "properties": {
            "name": STRING,
            "saved_at": {"type": "string", "format": "date-time"},
            "rows": {"type": "object"},
        },
    },
    "Session": {
        "type": "object",
        "properties": {
            "id": STRING,
            "oid": {"type": "integer"},
            "amr": STRING,
            "created_at": STRING,
            "expires_at": STRING,
            "active": {"type": "boolean"},
        },
    },
    "Token": {
        "type": "object",
        "properties": {
            "id": STRING,
            "kind": {"enum": ["access", "refresh"]},
            "client_id": STRING,
            "oid": {"type": "integer"},
            "scope": STRING,
            "session_id": {"type": ["string", "null"]},
            "expires_at": STRING,
            "active": {"type": "boolean"},
        },
    },
    "LoginAs": {
        "type": "object",
        "properties": {
            "oid": {"type": "integer"},
            "login": {"type": "string", "description": "phone, e-mail or SNILS"},
            "amr": {"enum": ["PWD", "SMS", "MOB", "DS", "BIO", "BNK"]},
        },
    },
    "CodeRequest": {
        "type": "object",
        "required": ["client_id", "redirect_uri"],
        "properties": {
            "client_id": STRING,
            "redirect_uri": STRING,
            "oid": {"type": "integer"},
            "login": STRING,
            "scope": STRING,
            "state": STRING,
            "nonce": STRING,
            "code_challenge": STRING,
            "access_type": {"enum": ["online", "offline"]},
            "protocol": {"enum": ["v1", "v2", "oidc"]},
            "amr": STRING,
        },
    },
    "AppConfirmation": {
        "type": "object",
        "properties": {
            "id": STRING,
            "number": {"type": "integer"},
            "status": {"enum": ["pending", "approved", "denied", "expired", "used"]},
            "reason": STRING,
            "oid": {"type": ["integer", "null"]},
            "expires_at": STRING,
            "url": STRING,
        },
    },
    "AppDecision": {
        "type": "object",
        "required": ["decision"],
        "properties": {
            "decision": {"enum": ["approve", "deny"]},
            "oid": {"type": "integer"},
            "login": STRING,
            "number": {"type": "integer", "description": "Default: the right one"},
        },
    },
    "TimelineEvent": {
        "type": "object",
        "properties": {
            "at": {"type": "string", "format": "date-time"},
            "step": STRING,
            "ok": {"type": "boolean"},
            "text": STRING,
            "params": {"type": "object"},
        },
    },
    "IssuedCode": {
        "type": "object",
        "properties": {"code": STRING, "state": STRING, "redirect": STRING},
    },
}
