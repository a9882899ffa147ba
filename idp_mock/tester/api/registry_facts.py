"""What the mock registries say of a person (ФРМР, Росздравнадзор, СФР): the shapes a tester
writes into a persona's `registry` and the registries answer with."""

from datetime import date
from typing import Literal

from pydantic import Field

from common.tester_api.contract import Open, Shape


def text():
    return Field(default=None, max_length=300)


Status = Literal["active", "suspended", "revoked"]


class Certificate(Open):
    number: str | None = text()
    specialty: str | None = text()
    kind: Literal["certificate", "accreditation"] | None = None
    issued: date | None = None
    valid_until: date
    status: Status | None = None


class Education(Open):
    kind: Literal["diploma", "residency", "qualification"]
    number: str | None = text()
    specialty: str | None = text()
    organisation: str | None = text()
    hours: int | None = Field(default=None, ge=0, le=100000)
    issue_date: date | None = None


class Licence(Open):
    number: str | None = text()
    organisation: str | None = text()
    status: Status | None = None


class FrmrFacts(Open):
    certificate: Certificate | None = None
    education: list[Education] = []


class SfrFacts(Open):
    registered: bool = True
    override: dict[str, str] = Field(
        default={}, description="Fields of the СФР record to answer differently, e.g. lastName"
    )


class Registry(Open):
    """ФРМР certificate and education, the employer's licence, СФР facts."""

    frmr: FrmrFacts | None = None
    licence: Licence | None = None
    sfr: SfrFacts | None = None


class SfrRecord(Shape):
    snils: str
    lastName: str
    firstName: str
    middleName: str
    birthDate: date
    status: str


class FrmrWorker(Shape):
    snils: str
    fullName: str
    birthDate: date
    certificates: list[Certificate]
    education: list[Education]


class RegistryError(Shape):
    error: str
    message: str
