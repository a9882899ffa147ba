"""Detached CMS (PKCS#7) signatures of documents: who signed, when, and does it verify.

A document signature (.sig/.p7s) carries its signer's certificate; the signature is checked with
that certificate's key over the document. Trust in the certificate itself (a qualified CA) is
out of scope here and said so to the person.
"""

import hmac
from dataclasses import dataclass
from datetime import datetime

from asn1crypto import cms
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

HASHES = {
    "sha1": hashes.SHA1,
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}


class SignatureProblem(Exception):
    """Why a signature does not verify, in Russian for the person who uploaded it."""


@dataclass(frozen=True)
class Signer:
    name: str
    signed_at: datetime | None
    certificate_valid_until: datetime


def load_signed_data(blob: bytes) -> cms.SignedData:
    if blob[:10].lstrip().startswith(b"-----BEGIN"):
        raise SignatureProblem("Загрузите подпись в двоичном виде (DER), а не в формате PEM")
    try:
        info = cms.ContentInfo.load(blob, strict=True)
        if info["content_type"].native != "signed_data":
            raise SignatureProblem("Файл не является электронной подписью (CMS)")
        signed_data = info["content"]
        signed_data["signer_infos"].native  # noqa: B018 - parse now, fail here
        return signed_data
    except SignatureProblem:
        raise
    except (ValueError, TypeError, KeyError) as error:
        raise SignatureProblem("Файл подписи повреждён или не является подписью CMS") from error


def signer_certificate(signed_data: cms.SignedData, signer: cms.SignerInfo) -> cms.Certificate:
    sid = signer["sid"]
    for choice in signed_data["certificates"] or []:
        cert = choice.chosen
        if choice.name != "certificate":
            continue
        if sid.name == "issuer_and_serial_number":
            wanted = sid.chosen
            if (
                wanted["issuer"] == cert.issuer
                and wanted["serial_number"].native == cert.serial_number
            ):
                return cert
        elif sid.chosen.native in (cert.key_identifier, cert.public_key.sha1):
            return cert
    raise SignatureProblem("В подписи нет сертификата подписавшего")


def attribute(signed_attrs, name: str):
    values = [a["values"] for a in signed_attrs if a["type"].native == name]
    return values[0][0].native if len(values) == 1 and len(values[0]) == 1 else None


def digest_of(hash_cls, data: bytes) -> bytes:
    digest = hashes.Hash(hash_cls())
    digest.update(data)
    return digest.finalize()


def verify_with(public_key, signature: bytes, data: bytes, hash_cls, signer) -> None:
    if isinstance(public_key, rsa.RSAPublicKey):
        if signer["signature_algorithm"].signature_algo == "rsassa_pss":
            params = signer["signature_algorithm"]["parameters"]
            pad = padding.PSS(
                mgf=padding.MGF1(hash_cls()), salt_length=params["salt_length"].native
            )
        else:
            pad = padding.PKCS1v15()
        public_key.verify(signature, data, pad, hash_cls())
    elif isinstance(public_key, ec.EllipticCurvePublicKey):
        public_key.verify(signature, data, ec.ECDSA(hash_cls()))
    else:
        raise SignatureProblem("Алгоритм подписи не поддерживается (нужны RSA или ECDSA)")


def signed_bytes(signer, document: bytes, hash_cls) -> bytes:
    signed_attrs = signer["signed_attrs"]
    if not signed_attrs.native:
        return document
    if not hmac.compare_digest(
        attribute(signed_attrs, "message_digest") or b"", digest_of(hash_cls, document)
    ):
        raise SignatureProblem(
            "Подпись сделана для другого файла: документ изменён после подписания"
        )
    return signed_attrs.untag().dump(force=True)


def verify_detached(signature_blob: bytes, document: bytes) -> Signer:
    """The signer of a valid signature over `document`; SignatureProblem says what is wrong."""
    signed_data = load_signed_data(signature_blob)
    content = signed_data["encap_content_info"]["content"]
    if content.native is not None and bytes(content.contents) != document:
        raise SignatureProblem("Подпись содержит другой документ")
    signers = list(signed_data["signer_infos"])
    if len(signers) != 1:
        raise SignatureProblem("В файле должна быть ровно одна подпись")
    signer = signers[0]
    hash_cls = HASHES.get(signer["digest_algorithm"]["algorithm"].native)
    if hash_cls is None:
        raise SignatureProblem("Алгоритм хеширования подписи не поддерживается")
    cert = signer_certificate(signed_data, signer)
    public_key = serialization.load_der_public_key(cert.public_key.dump())
    try:
        verify_with(
            public_key,
            signer["signature"].native,
            signed_bytes(signer, document, hash_cls),
            hash_cls,
            signer,
        )
    except InvalidSignature:
        raise SignatureProblem(
            "Подпись не сходится с документом: документ изменён после "
            "подписания или подпись повреждена"
        ) from None
    signed_attrs = signer["signed_attrs"]
    return Signer(
        name=cert.subject.native.get("common_name", cert.subject.human_friendly),
        signed_at=attribute(signed_attrs, "signing_time") if signed_attrs.native else None,
        certificate_valid_until=cert["tbs_certificate"]["validity"]["not_after"].native,
    )
