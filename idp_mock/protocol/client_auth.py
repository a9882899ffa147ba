"""Checking a relying party's request signature (client_secret) and timestamp."""

import re
from datetime import datetime, timedelta

from flask import current_app

from idp_mock import clock
from idp_mock.models import Client
from idp_mock.protocol import signatures
from idp_mock.protocol.errors import EsiaError

TIMESTAMP = re.compile(r"(\d{4})\.(\d{2})\.(\d{2}) (\d{2}):(\d{2}):(\d{2}) ?([+-]\d{2}):?(\d{2})")


def parse_timestamp(value: str) -> datetime:
    """'2026.11.26 09:52:36 +0300' as naive UTC; hour 24 and '+HH:MM' as some clients write them."""
    match = TIMESTAMP.fullmatch((value or "").strip())
    if not match:
        raise EsiaError("ESIA-007015")
    year, month, day, hour, minute, second, off_h, off_m = (int(g) for g in match.groups())
    sign = -1 if match.group(7).startswith("-") else 1
    try:
        moment = datetime(year, month, day, 0, minute, second) + timedelta(hours=hour)
    except ValueError as error:
        raise EsiaError("ESIA-007015") from error
    return moment - sign * timedelta(hours=abs(off_h), minutes=off_m)


def check_timestamp(client: Client, value: str) -> None:
    """When the client signed: judged by the real clock, not the moved one."""
    if client.signature_mode == "off":
        return
    skew = abs((clock.wall_now() - parse_timestamp(value)).total_seconds())
    if skew > current_app.config["TIMESTAMP_SKEW"]:
        complain(client, EsiaError("ESIA-007015"), f"timestamp off by {skew:.0f} s")


# Modes that refuse what fails (the others log it or check nothing). `gost` refuses everything
# the real ESIA refuses: only GOST R 34.10-2012 signatures, detached PKCS#7 on v1, raw 64 bytes
# in OpenSSL's order on v2/v3, and the Streebog certificate hash.
REFUSING = ("strict", "gost")


def check_profile(client: Client, protocol: str, code: str) -> None:
    """A client registered to sign (strict, gost, lenient) uses the ESIA paths only: the OIDC
    profile takes public clients, and there its client_id alone would stand in for the
    signature."""
    if protocol == "oidc" and client.signature_mode != "off":
        raise EsiaError(code)


def complain(client: Client, error: EsiaError, reason: str) -> None:
    """Raise in strict and gost modes; in lenient mode only log what real ESIA would have
    refused."""
    current_app.logger.warning("client %s: %s (%s)", client.client_id, error.code, reason)
    if client.signature_mode in REFUSING:
        raise error


def certificate(client: Client):
    if not client.certificate_pem:
        raise EsiaError("ESIA-007002")
    return signatures.load_certificate(client.certificate_pem)


def check_pkcs7(client: Client, secret: str, message: str) -> None:
    """v1: client_secret is a PKCS#7 signature of the message."""
    if client.signature_mode == "off":
        return
    verify = signatures.verify_pkcs7
    if client.signature_mode == "gost":
        verify = signatures.verify_pkcs7_gost
    try:
        verify(signatures.decode_client_secret(secret), message.encode(), certificate(client))
    except (signatures.SignatureError, EsiaError) as error:
        complain(client, EsiaError("ESIA-007053"), str(error))


def check_raw(client: Client, secret: str, messages: list[str], pkcs7_message: str) -> None:
    """v2/v3: a raw signature of one of `messages`; lenient mode also takes a v1-style PKCS#7."""
    if client.signature_mode == "off":
        return
    reasons = []
    try:
        raw, cert = signatures.decode_client_secret(secret), certificate(client)
    except (signatures.SignatureError, EsiaError) as error:
        return complain(client, EsiaError("ESIA-007053"), str(error))
    verify = signatures.verify_raw
    if client.signature_mode == "gost":
        verify = signatures.verify_raw_gost
    for message in messages:
        try:
            return verify(raw, message.encode(), cert)
        except signatures.SignatureError as error:
            reasons.append(str(error))
    if client.signature_mode == "lenient":
        for message in messages:
            try:
                signatures.verify_raw_cryptopro(raw, message.encode(), cert)
                return complain(client, EsiaError("ESIA-007053"), "CryptoPro byte order")
            except signatures.SignatureError:
                pass
        try:
            signatures.verify_pkcs7(raw, pkcs7_message.encode(), cert)
            return complain(client, EsiaError("ESIA-007053"), "v1 PKCS#7 sent to a v2/v3 path")
        except signatures.SignatureError as error:
            reasons.append(str(error))
    complain(client, EsiaError("ESIA-007053"), "; ".join(reasons))


def check_certificate_hash(client: Client, value: str | None) -> None:
    """v2/v3 requests name the client's certificate by its GOST R 34.11-2012 hash."""
    if client.signature_mode == "off":
        return
    if not value:
        return complain(client, EsiaError("ESIA-007014", "client_certificate_hash"), "missing")
    cert = certificate(client)
    accepted = {signatures.certificate_hash(cert)}
    if client.signature_mode == "lenient":
        accepted.add(signatures.certificate_sha256(cert))
    if value.strip().upper() not in accepted:
        complain(client, EsiaError("ESIA-007053"), "client_certificate_hash does not match")
