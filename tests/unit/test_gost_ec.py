"""The fast GOST R 34.10-2012 (256) arithmetic against gostcrypto, the reference the reference
document verified against OpenSSL: each signs what the other verifies, on every curve the
certificates may name; and what must not verify does not."""

import os

import pytest
from gostcrypto import gostsignature

from common import gost, gost_ec

NAMES = sorted(set(gost.CURVES.values()))


def reference(name: str):
    return gostsignature.new(
        gostsignature.MODE_256, gostsignature.CURVES_R_1323565_1_024_2019[name]
    )


def private_key(name: str) -> bytes:
    q = gost_ec.curve(name).q
    return (int.from_bytes(os.urandom(32), "big") % (q - 1) + 1).to_bytes(32, "big")


@pytest.mark.parametrize("name", NAMES)
def test_public_keys_and_signatures_agree_with_gostcrypto(name):
    ref, d, digest = reference(name), private_key(name), os.urandom(32)
    public = gost_ec.public_key(name, d)
    assert public == bytes(ref.public_key_generate(bytearray(d)))
    ours = gost_ec.sign(name, d, digest)
    assert ref.verify(bytearray(public), bytearray(digest), bytearray(ours))
    theirs = bytes(ref.sign(bytearray(d), bytearray(digest)))
    assert gost_ec.verify(name, public, digest, theirs)


@pytest.mark.parametrize("name", NAMES)
def test_a_changed_digest_signature_or_key_does_not_verify(name):
    d, digest = private_key(name), os.urandom(32)
    public, signature = gost_ec.public_key(name, d), gost_ec.sign(name, d, digest)
    assert not gost_ec.verify(name, public, bytes([digest[0] ^ 1]) + digest[1:], signature)
    assert not gost_ec.verify(name, public, digest, signature[:-1] + bytes([signature[-1] ^ 1]))
    other = gost_ec.public_key(name, private_key(name))
    assert not gost_ec.verify(name, other, digest, signature)


def test_a_key_off_the_curve_or_a_value_out_of_range_is_refused():
    name = NAMES[0]
    c = gost_ec.curve(name)
    d, digest = private_key(name), os.urandom(32)
    public, signature = gost_ec.public_key(name, d), gost_ec.sign(name, d, digest)
    off_curve = public[:32] + ((int.from_bytes(public[32:], "big") + 1) % c.p).to_bytes(32, "big")
    assert not gost_ec.verify(name, off_curve, digest, signature)
    q = c.q.to_bytes(32, "big")
    for forged in (bytes(64), q + signature[32:], signature[:32] + q, b"\xff" * 64):
        assert not gost_ec.verify(name, public, digest, forged)
    assert not gost_ec.verify(name, public[:63], digest, signature)


def test_the_openssl_order_wrappers_round_trip_and_refuse_cryptopro_order():
    key = gost.new_private_key()
    signature = gost.sign(key, b"message")
    gost.verify(gost.public_key(key), b"message", signature, gost.DEFAULT_PARAMSET)
    with pytest.raises(gost.GostError):
        gost.verify(gost.public_key(key), b"message", signature[::-1], gost.DEFAULT_PARAMSET)
