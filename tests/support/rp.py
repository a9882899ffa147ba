"""A relying party for tests: it signs ESIA requests the way real client libraries do."""

import base64
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cached_property

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.serialization import pkcs7

from common.certs import make_self_signed
from idp_mock.protocol.signatures import certificate_hash

REDIRECT_URI = "http://rp.example.test/esia/callback"
SCOPE = "openid fullname birthdate gender snils contacts id_doc usr_org"


def esia_timestamp(moment: datetime | None = None) -> str:
    return (moment or datetime.now(UTC)).strftime("%Y.%m.%d %H:%M:%S %z")


@dataclass
class RelyingParty:
    client_id: str = "TESTRP"
    redirect_uri: str = REDIRECT_URI
    scope: str = SCOPE
    pems: tuple[bytes, bytes] = field(default_factory=lambda: make_self_signed("TESTRP"))

    @cached_property
    def key(self):
        return serialization.load_pem_private_key(self.pems[0], None)

    @cached_property
    def certificate(self):
        return x509.load_pem_x509_certificate(self.pems[1])

    @property
    def certificate_pem(self) -> str:
        return self.pems[1].decode()

    def registration(self, mode: str = "strict") -> dict:
        return {
            "client_id": self.client_id,
            "certificate_pem": self.certificate_pem,
            "redirect_uris": [self.redirect_uri],
            "scopes": [],
            "signature_mode": mode,
        }

    def pkcs7(self, message: str) -> str:
        """Detached PKCS#7 with signed attributes, base64url with padding, like esia-connector."""
        signature = (
            pkcs7.PKCS7SignatureBuilder()
            .set_data(message.encode())
            .add_signer(self.certificate, self.key, hashes.SHA256())
            .sign(serialization.Encoding.DER, [pkcs7.PKCS7Options.DetachedSignature])
        )
        return base64.urlsafe_b64encode(signature).decode()

    def raw(self, message: str) -> str:
        signature = self.key.sign(message.encode(), padding.PKCS1v15(), hashes.SHA256())
        return base64.urlsafe_b64encode(signature).decode().rstrip("=")

    def authorization_request(self, state: str | None = None, skew: int = 0) -> dict:
        """The fields every authorization request carries, before it is signed."""
        return {
            "client_id": self.client_id,
            "redirect_uri": self.redirect_uri,
            "scope": self.scope,
            "response_type": "code",
            "access_type": "offline",
            "state": state or str(uuid.uuid4()),
            "timestamp": esia_timestamp(datetime.now(UTC) + timedelta(seconds=skew)),
        }

    def v1_params(self, state: str | None = None, skew: int = 0, **extra) -> dict:
        params = {**self.authorization_request(state, skew), **extra}
        message = params["scope"] + params["timestamp"] + params["client_id"] + params["state"]
        params.setdefault("client_secret", self.pkcs7(message))
        return params

    def v2_params(self, **extra) -> dict:
        params = {
            **self.authorization_request(),
            "client_certificate_hash": certificate_hash(self.certificate),
            **extra,
        }
        params.setdefault("client_secret", self.raw(self.v2_message(params)))
        return params

    @staticmethod
    def v2_message(params: dict, code: str = "") -> str:
        return (
            params["client_id"]
            + params["scope"]
            + params.get("scope_org", "")
            + params["timestamp"]
            + params["state"]
            + params["redirect_uri"]
            + code
        )

    def token_request(self, code: str, **extra) -> dict:
        """The fields every token request carries, before it is signed."""
        params = {
            "client_id": self.client_id,
            "code": code,
            "grant_type": "authorization_code",
            "redirect_uri": self.redirect_uri,
            "scope": self.scope,
            "state": str(uuid.uuid4()),
            "timestamp": esia_timestamp(),
            "token_type": "Bearer",
        }
        params.update(extra)
        return params

    def v1_token_params(self, code: str, **extra) -> dict:
        params = self.token_request(code, **extra)
        message = params["scope"] + params["timestamp"] + params["client_id"] + params["state"]
        params.setdefault("client_secret", self.pkcs7(message))
        return params

    def v3_token_params(self, code: str, **extra) -> dict:
        extra.setdefault("client_certificate_hash", certificate_hash(self.certificate))
        params = self.token_request(code, **extra)
        params.setdefault("client_secret", self.raw(self.v2_message(params, code)))
        return params
