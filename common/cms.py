"""CMS (PKCS#7) SignedData verification, once for both apps: the parse, the one signer, the
embedded content, the messageDigest attribute and the signature itself.

Whose key checks the signature is the caller's rule, passed in as `key_of`: the cabinet takes
the certificate embedded in a document's signature, and says whether it chains to a root the
cabinet trusts (`common.trust`); the simulator requires its client's registered certificate.
Failures raise `Invalid`, whose `reason` each caller words its own way (the cabinet in Russian,
as `SignatureProblem`, through `verify_detached`).
"""

import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from asn1crypto import cms, pem
from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.types import PublicKeyTypes
from cryptography.hazmat.primitives.serialization import Encoding

from . import gost, trust

HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "sha1": hashes.SHA1,
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}
STREEBOG_256 = gost.STREEBOG_256
# GOST R 34.10-2012 (256) signers name either the key's OID or the signature's.
GOST_SIGNATURES = {gost.GOST_KEY, gost.GOST_SIGNATURE}
# What asn1crypto raises on malformed input.
ASN1_ERRORS = (ValueError, TypeError, KeyError, IndexError, OverflowError)


@dataclass(frozen=True)
class GostKey:
    """A GOST R 34.10-2012 (256) public key, which `cryptography` cannot hold."""

    point: bytes
    paramset: str


KeyOf = Callable[[cms.SignedData, cms.SignerInfo], PublicKeyTypes | GostKey]


class Invalid(Exception):
    """Why a signature does not verify: `reason` names the failed step, str() is a short
    English account for logs."""

    def __init__(self, reason: str, account: str):
        super().__init__(account)
        self.reason = reason


def parse_signed_data(blob: bytes) -> cms.SignedData:
    try:
        info = cms.ContentInfo.load(blob, strict=True)
        if info["content_type"].native != "signed_data":
            raise Invalid("not_signed_data", "not a CMS SignedData")
        signed_data = info["content"]
        # Touch what verification needs, so that garbage fails here rather than later.
        signed_data["encap_content_info"].native  # noqa: B018
        signed_data["signer_infos"].native  # noqa: B018
    except ASN1_ERRORS as error:
        raise Invalid("not_cms", "not a CMS SignedData") from error
    return signed_data


def sid_matches(sid: cms.SignerIdentifier, cert: cms.Certificate) -> bool:
    if sid.name == "issuer_and_serial_number":
        wanted = sid.chosen
        return (
            wanted["issuer"] == cert.issuer and wanted["serial_number"].native == cert.serial_number
        )
    return sid.chosen.native in (cert.key_identifier, cert.public_key.sha1)


def embedded_certificate(signed_data: cms.SignedData, signer: cms.SignerInfo):
    """The certificate in the SignedData that the signer names, or None."""
    for choice in signed_data["certificates"] or []:
        if choice.name == "certificate" and sid_matches(signer["sid"], choice.chosen):
            return choice.chosen
    return None


def public_key_of(cert: cms.Certificate) -> PublicKeyTypes | GostKey:
    try:
        found = gost.certificate_key(cert.dump())
    except gost.GostError as error:
        raise Invalid("key_algorithm", str(error)) from error
    if found is not None:
        return GostKey(*found)
    return serialization.load_der_public_key(cert.public_key.dump())


def attribute(signed_attrs: cms.CMSAttributes, name: str):
    """The one value of a signed attribute, or None when it is missing or repeated."""
    values = [a["values"] for a in signed_attrs if a["type"].native == name]
    return values[0][0].native if len(values) == 1 and len(values[0]) == 1 else None


def only_signer(signed_data: cms.SignedData) -> cms.SignerInfo:
    signers = list(signed_data["signer_infos"])
    if len(signers) != 1:
        raise Invalid("signer_count", f"expected exactly one signer, found {len(signers)}")
    return signers[0]


def check_embedded_content(signed_data: cms.SignedData, message: bytes) -> None:
    content = signed_data["encap_content_info"]["content"]
    if content.native is None:
        return
    embedded = bytes(content) if isinstance(content, cms.ParsableOctetString) else content.native
    if not isinstance(embedded, bytes):
        raise Invalid("content_differs", "embedded content is not an OCTET STRING")
    if embedded != message:
        raise Invalid("content_differs", "content does not match")


def digest_hash(signer: cms.SignerInfo) -> str:
    """The signer's digest algorithm: a name of HASHES, or Streebog-256's OID."""
    algorithm = signer["digest_algorithm"]["algorithm"]
    if algorithm.dotted == STREEBOG_256:
        return STREEBOG_256
    if algorithm.native not in HASHES:
        raise Invalid("digest_algorithm", f"unsupported digest algorithm {algorithm.native}")
    return algorithm.native


def digest_of(hash_name: str, message: bytes) -> bytes:
    if hash_name == STREEBOG_256:
        return gost.streebog256(message)
    computed = hashes.Hash(HASHES[hash_name]())
    computed.update(message)
    return computed.finalize()


def signed_bytes(signer: cms.SignerInfo, message: bytes, hash_name: str) -> list[bytes]:
    """What the signature may cover: the message, or the signed attributes over its digest."""
    signed_attrs = signer["signed_attrs"]
    if not signed_attrs.native:
        return [message]
    digest = attribute(signed_attrs, "message_digest")
    if digest is None:
        raise Invalid("digest_mismatch", "signed attributes lack a single messageDigest")
    if not hmac.compare_digest(digest, digest_of(hash_name, message)):
        raise Invalid("digest_mismatch", "message digest mismatch")
    # The signature covers the attributes as a DER SET OF, not as the [0]-tagged field;
    # the as-sent bytes are also tried for signers that do not sort the SET.
    der_attrs = signed_attrs.untag().dump(force=True)
    as_sent = b"\x31" + signed_attrs.dump()[1:]
    return [der_attrs] if der_attrs == as_sent else [der_attrs, as_sent]


def rsa_padding(signer: cms.SignerInfo) -> padding.AsymmetricPadding:
    algorithm = signer["signature_algorithm"]
    try:
        kind = algorithm.signature_algo
    except ValueError as error:
        raise Invalid("signature_algorithm", "unsupported signature algorithm") from error
    if kind == "rsassa_pkcs1v15":
        return padding.PKCS1v15()
    if kind != "rsassa_pss":
        raise Invalid("signature_algorithm", f"unsupported signature algorithm {kind}")
    params = algorithm["parameters"]
    mgf_hash = HASHES.get(params["mask_gen_algorithm"]["parameters"]["algorithm"].native)
    if params["mask_gen_algorithm"]["algorithm"].native != "mgf1" or mgf_hash is None:
        raise Invalid("signature_algorithm", "unsupported RSASSA-PSS parameters")
    return padding.PSS(mgf=padding.MGF1(mgf_hash()), salt_length=params["salt_length"].native)


def verifies(public_key, signer: cms.SignerInfo, data: bytes, hash_name: str) -> bool:
    signature = signer["signature"].native
    if isinstance(public_key, GostKey):
        try:
            gost.verify(public_key.point, data, signature, public_key.paramset)
        except gost.GostError:
            return False
        return True
    hash_cls = HASHES[hash_name]
    try:
        if isinstance(public_key, rsa.RSAPublicKey):
            public_key.verify(signature, data, rsa_padding(signer), hash_cls())
        else:
            public_key.verify(signature, data, ec.ECDSA(hash_cls()))
    except InvalidSignature:
        return False
    return True


def check_gost_pairing(public_key, signer: cms.SignerInfo, hash_name: str) -> None:
    """A GOST key signs with GOST over Streebog-256, and only a GOST key does."""
    is_gost = isinstance(public_key, GostKey)
    if is_gost != (hash_name == STREEBOG_256):
        raise Invalid("digest_algorithm", "digest algorithm does not fit the key")
    if is_gost != (signer["signature_algorithm"]["algorithm"].dotted in GOST_SIGNATURES):
        raise Invalid("signature_algorithm", "signature algorithm does not fit the key")


def check_signature(public_key, signer: cms.SignerInfo, candidates: list[bytes], hash_name):
    if not isinstance(public_key, rsa.RSAPublicKey | ec.EllipticCurvePublicKey | GostKey):
        raise Invalid("key_algorithm", "certificate key algorithm is not supported")
    check_gost_pairing(public_key, signer, hash_name)
    if not any(verifies(public_key, signer, data, hash_name) for data in candidates):
        raise Invalid("does_not_verify", "signature does not verify")


def verify(signed_data: cms.SignedData, message: bytes, key_of: KeyOf) -> cms.SignerInfo:
    """The one signer of a SignedData that verifies over `message` with the key `key_of`
    chooses; raises Invalid (or whatever `key_of` raises)."""
    try:
        signer = only_signer(signed_data)
        check_embedded_content(signed_data, message)
        public_key = key_of(signed_data, signer)
        hash_name = digest_hash(signer)
        check_signature(public_key, signer, signed_bytes(signer, message, hash_name), hash_name)
    except (*ASN1_ERRORS, UnsupportedAlgorithm) as error:
        # asn1crypto parses lazily, so a malformed inner field only surfaces here.
        raise Invalid("malformed", f"malformed SignedData ({error.__class__.__name__})") from error
    return signer


# The cabinet's document signatures (.sig/.p7s), checked with the certificate they carry.


class SignatureProblem(Exception):
    """Why a signature does not verify, in Russian for the person who uploaded it."""


@dataclass(frozen=True)
class Signer:
    """Who signed, as their certificate names them; `trusted` only when that certificate
    chains to a trusted root, and until then the name is only what the signer claims."""

    name: str
    signed_at: datetime | None
    certificate_valid_until: datetime
    trusted: bool = False


UNSUPPORTED = "Алгоритм подписи не поддерживается (нужны ГОСТ Р 34.10-2012, RSA или ECDSA)"
CHANGED = "Подпись сделана для другого файла: документ изменён после подписания"
DAMAGED = "Файл подписи повреждён или не является подписью CMS"
UNREADABLE = (
    "Файл не является подписью CMS: он не читается ни в двоичном виде (DER), ни в формате PEM. "
    "Загрузите файл подписи .sig или .p7s, который выдала программа подписи"
)
PROBLEMS = {
    "not_cms": UNREADABLE,
    "malformed": DAMAGED,
    "not_signed_data": "Файл не является электронной подписью (CMS)",
    "signer_count": "В файле должна быть ровно одна подпись",
    "content_differs": "Подпись содержит другой документ",
    "no_certificate": "В подписи нет сертификата подписавшего",
    "digest_algorithm": "Алгоритм хеширования подписи не поддерживается",
    "digest_mismatch": CHANGED,
    "signature_algorithm": UNSUPPORTED,
    "key_algorithm": UNSUPPORTED,
    "does_not_verify": "Подпись не сходится с документом: документ изменён после "
    "подписания или подпись повреждена",
}


def signer_certificate(signed_data: cms.SignedData, signer: cms.SignerInfo) -> cms.Certificate:
    cert = embedded_certificate(signed_data, signer)
    if cert is None:
        raise Invalid("no_certificate", "no signer certificate in the SignedData")
    return cert


def as_x509(cert: cms.Certificate) -> x509.Certificate:
    return x509.load_der_x509_certificate(cert.dump())


def others(signed_data: cms.SignedData, leaf: cms.Certificate) -> list[x509.Certificate]:
    """The other certificates the signer sent along: candidates for the path to a root."""
    found = []
    for choice in signed_data["certificates"] or []:
        if choice.name == "certificate" and choice.chosen.dump() != leaf.dump():
            try:
                found.append(as_x509(choice.chosen))
            except ValueError:
                continue
    return found


def chains_to(
    signed_data: cms.SignedData, leaf: cms.Certificate, roots, signed_at: datetime | None
) -> bool:
    try:
        certificate = as_x509(leaf)
    except ValueError:
        return False
    moment = trust.moment_of_signing(signed_at, datetime.now(UTC))
    if isinstance(public_key_of(leaf), GostKey):
        # `cryptography` cannot check a GOST signature on a certificate: one step to a root.
        der = leaf.dump()
        return any(gost.issued_by(der, root.public_bytes(Encoding.DER), moment) for root in roots)
    return trust.chains(certificate, others(signed_data, leaf), list(roots), moment)


def unarmored(signature_blob: bytes) -> bytes:
    """The DER of a signature sent as DER or as PEM (`-----BEGIN PKCS7-----`, `CMS`, ...)."""
    if not pem.detect(signature_blob):
        return signature_blob
    try:
        return pem.unarmor(signature_blob.strip())[2]
    except ValueError:
        raise SignatureProblem(UNREADABLE) from None


def verify_detached(signature_blob: bytes, document: bytes, roots=()) -> Signer:
    """The signer of a valid signature over `document` (GOST R 34.10-2012, RSA or ECDSA; DER
    or PEM), trusted when their certificate chains to one of `roots` (x509 certificates);
    SignatureProblem says what is wrong."""
    try:
        signed_data = parse_signed_data(unarmored(signature_blob))
        signer = verify(
            signed_data, document, lambda sd, s: public_key_of(signer_certificate(sd, s))
        )
    except Invalid as invalid:
        raise SignatureProblem(PROBLEMS[invalid.reason]) from None
    cert = signer_certificate(signed_data, signer)
    signed_attrs = signer["signed_attrs"]
    signed_at = attribute(signed_attrs, "signing_time") if signed_attrs.native else None
    return Signer(
        name=cert.subject.native.get("common_name", cert.subject.human_friendly),
        signed_at=signed_at,
        certificate_valid_until=cert["tbs_certificate"]["validity"]["not_after"].native,
        trusted=chains_to(signed_data, cert, roots, signed_at),
    )
