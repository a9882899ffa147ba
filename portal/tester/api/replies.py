"""What the cabinet's tester API answers, for its OpenAPI document (tests check the answers)."""

from datetime import datetime

from pydantic import Field

from common.tester_api.contract import Shape


class Clock(Shape):
    now: datetime
    offset_seconds: int = Field(description="How far the global clock is from real time")


class DoctorClock(Shape):
    oid: int
    now: datetime = Field(description="The doctor's time: real + global + own offset")
    offset_seconds: int = Field(description="The doctor's own offset, on top of the global one")
    global_offset_seconds: int


class ResetDone(Shape):
    removed: dict[str, int] = Field(description="Rows removed per table")
    clock: Clock


class Snapshot(Shape):
    name: str
    saved_at: datetime
    rows: dict[str, int] = Field(description="Rows saved per table")
    files: int = Field(description="Encrypted files kept with the snapshot")


class Email(Shape):
    id: int
    to: str
    subject: str
    body: str
    sent_at: datetime | None
    error: str


class ApplicationProgress(Shape):
    number: str | None = Field(description="Null for a draft")
    status: str
    label: str = Field(description="The status as the doctor sees it, in Russian")


class DoctorProgress(Shape):
    oid: int
    documents: int = Field(description="Documents uploaded")
    documents_accepted: int
    applications: list[ApplicationProgress] = Field(description="Newest first")
    last_seen: datetime | None = Field(description="The doctor's latest request, UTC")
