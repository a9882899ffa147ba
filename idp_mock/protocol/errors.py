"""ESIA error codes: the OAuth error name and the ESIA-0070NN description clients match on."""

from dataclasses import dataclass

# (oauth error, description) by ESIA code. The English texts of 007004, 007005 and 007014 are
# real captures; the others follow the RFC 6749 wording ESIA translates.
CODES = {
    "ESIA-007002": ("invalid_client", "The client certificate does not match the client_id."),
    "ESIA-007003": (
        "invalid_request",
        "The request is missing a required parameter, includes "
        "an invalid parameter value, or includes a parameter more than once.",
    ),
    "ESIA-007004": (
        "access_denied",
        "The resource owner or authorization server denied the request.",
    ),
    "ESIA-007005": (
        "unauthorized_client",
        "The client is not authorized to request an access token using this method.",
    ),
    "ESIA-007006": ("invalid_scope", "The requested scope is invalid, unknown, or malformed."),
    "ESIA-007007": (
        "server_error",
        "The authorization server encountered an unexpected "
        "condition that prevented it from fulfilling the request.",
    ),
    "ESIA-007008": (
        "temporarily_unavailable",
        "The authorization server is currently unable to handle the request due to a "
        "temporary overloading or maintenance of the server.",
    ),
    "ESIA-007009": (
        "unsupported_response_type",
        "The authorization server does not support "
        "obtaining an authorization code using this method.",
    ),
    "ESIA-007011": (
        "invalid_grant",
        "The provided authorization grant or refresh token is "
        "invalid, expired, revoked, does not match the redirection URI used in the "
        "authorization request, or was issued to another client.",
    ),
    "ESIA-007012": (
        "unsupported_grant_type",
        "The authorization grant type is not supported by the authorization server.",
    ),
    "ESIA-007013": (
        "invalid_request",
        "The request doesn't contain the mandatory parameter [scope].",
    ),
    "ESIA-007014": ("invalid_request", "The request doesn't contain the mandatory parameter [{}]."),
    "ESIA-007015": ("invalid_request", "The request timestamp is invalid."),
    "ESIA-007019": ("unauthorized_client", "The client has no grant for the requested scope."),
    "ESIA-007023": ("invalid_request", "The redirect_uri is not registered for the client."),
    "ESIA-007040": ("invalid_grant", "The code_verifier does not match the code_challenge."),
    "ESIA-007053": ("invalid_client", "The client_secret is wrong."),
    "ESIA-007055": ("access_denied", "Login with an unconfirmed account is not allowed."),
    "ESIA-008010": ("invalid_client", "Failed to authenticate the client system."),
}

# What the person sees on the simulator's own error page, in plain Russian.
RUSSIAN = {
    "ESIA-007005": "Система, с которой вы пришли, не зарегистрирована в ЕСИА.",
    "ESIA-007023": "Адрес возврата не зарегистрирован для этой системы.",
    "ESIA-007003": "Запрос на вход составлен неправильно.",
}


@dataclass
class EsiaError(Exception):
    """A protocol error, reported the way ESIA reports it at this step."""

    code: str
    detail: str = ""

    @property
    def error(self) -> str:
        return CODES[self.code][0]

    @property
    def description(self) -> str:
        text = (
            CODES[self.code][1].format(self.detail)
            if "{}" in CODES[self.code][1]
            else (CODES[self.code][1])
        )
        return f"{self.code}: {text}"

    def as_dict(self, state: str | None) -> dict:
        body = {"error": self.error, "error_description": self.description}
        if state:
            body["state"] = state
        return body


class UntrustedRequest(EsiaError):
    """The client or its redirect_uri cannot be trusted: show our own page, never redirect."""
