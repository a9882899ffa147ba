"""CMS (PKCS#7) signatures made with a GOST R 34.10-2012 (256) key, as CryptoPro and OpenSSL
gost-engine write them: Streebog-256 digest, the signer's certificate inside, signed attributes
(content type, messageDigest, signing time) unless told otherwise. The stand signs its demo
document this way; tests sign v1 client_secrets and uploads with it."""

from datetime import UTC, datetime

from asn1crypto import cms, x509

from . import gost


def signed_attributes(content: bytes, signed_at: datetime) -> cms.CMSAttributes:
    return cms.CMSAttributes(
        [
            {"type": "content_type", "values": ["data"]},
            {"type": "message_digest", "values": [gost.streebog256(content)]},
            {"type": "signing_time", "values": [cms.Time({"utc_time": signed_at})]},
        ]
    )


def signer_id(certificate: x509.Certificate) -> cms.SignerIdentifier:
    issuer_and_serial = {"issuer": certificate.issuer, "serial_number": certificate.serial_number}
    return cms.SignerIdentifier({"issuer_and_serial_number": issuer_and_serial})


def sign(
    private_le: bytes,
    certificate_der: bytes,
    content: bytes,
    *,
    detached: bool = True,
    with_attributes: bool = True,
    signed_at: datetime | None = None,
) -> bytes:
    """A DER ContentInfo holding one GOST signer over `content`."""
    certificate = x509.Certificate.load(certificate_der)
    paramset = gost.certificate_key(certificate_der)[1]
    attrs = signed_attributes(content, signed_at or datetime.now(UTC).replace(microsecond=0))
    signed = attrs.dump() if with_attributes else content
    signer = {
        "version": "v1",
        "sid": signer_id(certificate),
        "digest_algorithm": {"algorithm": gost.STREEBOG_256},
        "signature_algorithm": {"algorithm": gost.GOST_KEY},
        "signature": gost.sign(private_le, signed, paramset),
    }
    if with_attributes:
        signer["signed_attrs"] = attrs
    encapsulated = {"content_type": "data"}
    if not detached:
        encapsulated["content"] = content
    signed_data = cms.SignedData(
        {
            "version": "v1",
            "digest_algorithms": [{"algorithm": gost.STREEBOG_256}],
            "encap_content_info": encapsulated,
            "certificates": [certificate],
            "signer_infos": [signer],
        }
    )
    return cms.ContentInfo({"content_type": "signed_data", "content": signed_data}).dump()
