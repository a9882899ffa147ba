"""A relying party with a GOST R 34.10-2012 (256) key, as ESIA's v2/v3 clients really have."""

import base64
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cached_property

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from common import gost_cms
from idp_mock.protocol import gost

from .rp import RelyingParty


def gost_pems(common_name: str = "GOSTRP") -> tuple[bytes, bytes]:
    """(private key octets, certificate PEM): the key stays raw, the certificate is GOST-signed."""
    key = gost.new_private_key()
    now = datetime.now(UTC)
    der = gost.make_certificate(
        key, common_name, now - timedelta(days=1), now + timedelta(days=365)
    )
    return key, gost.pem(der).encode()


@dataclass
class GostRelyingParty(RelyingParty):
    client_id: str = "GOSTRP"
    pems: tuple[bytes, bytes] = field(default_factory=gost_pems)

    @cached_property
    def key(self) -> bytes:
        return self.pems[0]

    @cached_property
    def certificate(self):
        return x509.load_pem_x509_certificate(self.pems[1])

    def raw(self, message: str) -> str:
        """base64url of the raw signature in OpenSSL gost-engine order, as ilimurzin/esia sends."""
        signature = gost.sign(self.key, message.encode())
        return base64.urlsafe_b64encode(signature).decode().rstrip("=")

    def cryptopro(self, message: str) -> str:
        """The same signature as CryptoPro's csptest writes it: byte-reversed."""
        signature = gost.sign(self.key, message.encode())[::-1]
        return base64.urlsafe_b64encode(signature).decode().rstrip("=")

    def pkcs7(self, message: str, **options) -> str:
        """A v1 client_secret: CMS by the GOST key, detached with signed attributes unless
        `options` (detached, with_attributes) say otherwise, base64url as esia-connector."""
        der = self.certificate.public_bytes(Encoding.DER)
        signature = gost_cms.sign(self.key, der, message.encode(), **options)
        return base64.urlsafe_b64encode(signature).decode()
