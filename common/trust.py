"""Whether a signer's certificate chains to a trusted root.

RFC 5280 path building and validation are cryptography's (`x509.verification`): issuer and
subject names, every signature on the path, validity at the time asked, basicConstraints CA and
keyCertSign on every issuer, path length. Its CA rules are the Web PKI's; its end-entity rules
are for TLS (a DNS name, a serverAuth or clientAuth purpose), which a document signer lacks, so
the end entity gets rules of its own here: not a CA, and a key usage, if any, that signs.
"""

from datetime import UTC, datetime
from pathlib import Path

from cryptography import x509
from cryptography.x509.verification import (
    Criticality,
    ExtensionPolicy,
    PolicyBuilder,
    Store,
    VerificationError,
)


class NotForSigning(Exception):
    """The end-entity certificate may not sign documents."""


def not_a_ca(_policy, _certificate, constraints: x509.BasicConstraints | None) -> None:
    if constraints is not None and constraints.ca:
        raise NotForSigning("a CA certificate signs certificates, not documents")


def signs(_policy, _certificate, key_usage: x509.KeyUsage | None) -> None:
    if key_usage is not None and not (key_usage.digital_signature or key_usage.content_commitment):
        raise NotForSigning("the key usage does not allow signing")


def document_signer_policy() -> ExtensionPolicy:
    return (
        ExtensionPolicy.permit_all()
        .may_be_present(x509.BasicConstraints, Criticality.AGNOSTIC, not_a_ca)
        .may_be_present(x509.KeyUsage, Criticality.AGNOSTIC, signs)
    )


def chains(
    leaf: x509.Certificate,
    intermediates: list[x509.Certificate],
    roots: list[x509.Certificate],
    at: datetime,
) -> bool:
    """True when `leaf`, with the `intermediates` the signer sent, chains to one of `roots`
    and every certificate on the path was valid at `at`."""
    if not roots:
        return False
    verifier = (
        PolicyBuilder()
        .store(Store(roots))
        .time(at.astimezone(UTC).replace(tzinfo=None))
        .extension_policies(
            ca_policy=ExtensionPolicy.webpki_defaults_ca(), ee_policy=document_signer_policy()
        )
        .build_client_verifier()
    )
    try:
        verifier.verify(leaf, intermediates)
    except VerificationError:
        return False
    return True


def load_bundle(path: str | Path | None) -> list[x509.Certificate]:
    """The certificates of a PEM bundle; none when no path is given."""
    if not path:
        return []
    return x509.load_pem_x509_certificates(Path(path).read_bytes())


def moment_of_signing(claimed: datetime | None, now: datetime) -> datetime:
    """When the certificates must have been valid: the signing time the signer claims, unless
    it is missing or in the future."""
    if claimed is None or claimed.tzinfo is None or claimed > now:
        return now
    return claimed
