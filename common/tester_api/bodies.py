"""Request bodies both tester APIs accept in the same shape: the clock's and a snapshot's name.
Each is checked by its model, which the OpenAPI document is generated from."""

from datetime import UTC, datetime
from typing import ClassVar

from pydantic import Field

from common.tester_api.contract import Body

MAX_ADVANCE = 100 * 365 * 24 * 3600


class ClockMove(Body):
    advance_seconds: int = Field(ge=0, le=MAX_ADVANCE)
    messages: ClassVar[dict[str, str]] = {
        "advance_seconds": "advance_seconds: целое число секунд от 0 до 3 153 600 000 (100 лет)"
    }


class ClockSet(Body):
    now: datetime = Field(description="UTC unless the moment carries its offset")
    messages: ClassVar[dict[str, str]] = {
        "now": "now: дата и время ISO 8601, например 2027-01-01T09:00:00Z"
    }

    def moment(self) -> datetime:
        """`now` as the naive UTC time both apps' clocks keep."""
        if self.now.tzinfo is None:
            return self.now
        return self.now.astimezone(UTC).replace(tzinfo=None)


class SnapshotName(Body):
    name: str = Field(max_length=100)
    messages: ClassVar[dict[str, str]] = {"name": "Укажите имя снимка (до 100 символов)"}
