"""The state registries the cabinet asks about a person: СФР (is the SNILS theirs), ФРМР (the
federal register of medical workers) and Росздравнадзор's licences of their employer."""

from . import esia_client
from .esia_client import EsiaUnavailable

PATHS = {"sfr": "sfr/snils/{}", "frmr": "frmr/workers/{}", "licence": "licences/by-worker/{}"}


class RegistryUnavailable(EsiaUnavailable):
    """A registry is down, slow, or answered with an error it should not have."""


def record(path: str) -> dict | None:
    """A registry's record, or None when it has no record."""
    try:
        response = esia_client.call(
            "GET", f"/registries/{path}", headers={"Accept": "application/json"}
        )
        found = esia_client.json_of(response) if response.status_code == 200 else None
    except EsiaUnavailable as error:
        raise RegistryUnavailable(str(error)) from error
    if response.status_code not in (200, 404):
        raise RegistryUnavailable(f"registry {path}: HTTP {response.status_code}")
    return found


def facts(snils: str) -> dict:
    """What СФР, ФРМР and the licence registry say about the person with this SNILS
    (None: no record, or no SNILS to ask with)."""
    return {name: record(path.format(snils)) if snils else None for name, path in PATHS.items()}


def frmr_worker(snils: str | None) -> dict | None:
    """The medical worker's record in ФРМР, with their education and certificates."""
    return record(PATHS["frmr"].format(snils)) if snils else None
