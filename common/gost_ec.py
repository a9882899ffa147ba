"""GOST R 34.10-2012 (256) signing and verification on the curves `gostcrypto` defines, with the
same inputs and outputs as gostcrypto's (big-endian r || s, the digest read big-endian), but in
Jacobian coordinates with a 4-bit window: about a hundred times faster than gostcrypto's affine
arithmetic with a recursive inverse, so that a login, which signs and verifies a few times, does
not wait half a second for each. A public key off the curve is refused (gostcrypto does not
check)."""

import secrets
from dataclasses import dataclass
from functools import cache

from gostcrypto import gostsignature

SIZE = 32
Jacobian = tuple[int, int, int] | None  # None: the point at infinity


@dataclass(frozen=True)
class Curve:
    p: int
    a: int
    b: int
    q: int
    x: int
    y: int

    def on_curve(self, x: int, y: int) -> bool:
        p = self.p
        return 0 <= x < p and 0 <= y < p and (y * y - x * x * x - self.a * x - self.b) % p == 0


@cache
def curve(name: str) -> Curve:
    """The curve's Weierstrass parameters as gostcrypto computes them (twisted Edwards curves
    converted), so both implementations sign on the same points."""
    g = gostsignature.new(gostsignature.MODE_256, gostsignature.CURVES_R_1323565_1_024_2019[name])
    return Curve(g._p, g._a, g._b, g._q, g._x, g._y)  # noqa: SLF001


def _double(c: Curve, point: Jacobian) -> Jacobian:
    if point is None or point[1] == 0:
        return None
    x, y, z = point
    p = c.p
    yy = y * y % p
    s = 4 * x * yy % p
    zz = z * z % p
    m = (3 * x * x + c.a * zz * zz) % p
    x3 = (m * m - 2 * s) % p
    return x3, (m * (s - x3) - 8 * yy * yy) % p, 2 * y * z % p


def _add(c: Curve, one: Jacobian, two: Jacobian) -> Jacobian:
    if one is None:
        return two
    if two is None:
        return one
    p = c.p
    x1, y1, z1 = one
    x2, y2, z2 = two
    z1z1, z2z2 = z1 * z1 % p, z2 * z2 % p
    u1, u2 = x1 * z2z2 % p, x2 * z1z1 % p
    s1, s2 = y1 * z2 * z2z2 % p, y2 * z1 * z1z1 % p
    if u1 == u2:
        return _double(c, one) if s1 == s2 else None
    h, r = (u2 - u1) % p, (s2 - s1) % p
    hh = h * h % p
    hhh, v = h * hh % p, u1 * hh % p
    x3 = (r * r - hhh - 2 * v) % p
    return x3, (r * (v - x3) - s1 * hhh) % p, z1 * z2 * h % p


def multiply(c: Curve, k: int, x: int, y: int) -> Jacobian:
    """k·(x, y) with a fixed 4-bit window."""
    table: list[Jacobian] = [None, (x, y, 1)]
    for _ in range(14):
        table.append(_add(c, table[-1], table[1]))
    result: Jacobian = None
    for shift in range((k.bit_length() + 3) // 4 * 4 - 4, -4, -4):
        for _ in range(4):
            result = _double(c, result)
        result = _add(c, result, table[(k >> shift) & 15])
    return result


def affine_x(c: Curve, point: Jacobian) -> int | None:
    if point is None or point[2] == 0:
        return None
    z_inv = pow(point[2], -1, c.p)
    return point[0] * z_inv * z_inv % c.p


def affine(c: Curve, point: Jacobian) -> tuple[int, int]:
    z_inv = pow(point[2], -1, c.p)
    zz = z_inv * z_inv % c.p
    return point[0] * zz % c.p, point[1] * zz * z_inv % c.p


def _e(c: Curve, digest: bytes) -> int:
    return int.from_bytes(digest, "big") % c.q or 1


def public_key(name: str, private_be: bytes) -> bytes:
    """X || Y, big-endian, of the private key d (big-endian)."""
    c = curve(name)
    d = int.from_bytes(private_be, "big")
    if d % c.q == 0:
        raise ValueError("a GOST private key is not 0 modulo the curve's order")
    x, y = affine(c, multiply(c, d, c.x, c.y))
    return x.to_bytes(SIZE, "big") + y.to_bytes(SIZE, "big")


def sign(name: str, private_be: bytes, digest: bytes) -> bytes:
    """r || s, big-endian, as gostcrypto's sign returns them."""
    c = curve(name)
    d, e = int.from_bytes(private_be, "big"), _e(c, digest)
    while True:
        k = secrets.randbelow(c.q - 1) + 1
        r = (affine_x(c, multiply(c, k, c.x, c.y)) or 0) % c.q
        s = (r * d + k * e) % c.q
        if r and s:
            return r.to_bytes(SIZE, "big") + s.to_bytes(SIZE, "big")


def verify(name: str, public_be: bytes, digest: bytes, signature: bytes) -> bool:
    """Whether r || s (big-endian) signs `digest` under the key X || Y (big-endian)."""
    c = curve(name)
    qx, qy = int.from_bytes(public_be[:SIZE], "big"), int.from_bytes(public_be[SIZE:], "big")
    r, s = int.from_bytes(signature[:SIZE], "big"), int.from_bytes(signature[SIZE:], "big")
    if len(public_be) != 2 * SIZE or not c.on_curve(qx, qy) or not (0 < r < c.q and 0 < s < c.q):
        return False
    v = pow(_e(c, digest), -1, c.q)
    point = _add(c, multiply(c, s * v % c.q, c.x, c.y), multiply(c, -r * v % c.q, qx, qy))
    return affine_x(c, point) is not None and affine_x(c, point) % c.q == r
