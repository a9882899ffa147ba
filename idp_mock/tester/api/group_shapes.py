"""The groups API's request bodies and answers (checked and documented by their models)."""

from typing import ClassVar

from pydantic import Field

from common.tester_api.contract import Body, Shape
from idp_mock.tester.group_cast import MAX_COPIES


class NewGroup(Body):
    name: str = Field(min_length=1, max_length=100)
    copies: int = Field(default=0, ge=0, le=MAX_COPIES, description="Copies of the demo cast")
    messages: ClassVar[dict[str, str]] = {
        "name": "name: название группы, от 1 до 100 символов",
        "copies": f"copies: целое число от 0 до {MAX_COPIES}",
    }


class GroupPerson(Shape):
    oid: int
    phone: str | None
    email: str | None
    snils: str | None
    password: str | None = Field(description="The demo password; null for people made by hand")
    who: str
    seat: int | None = Field(
        alias="copy", description="The copy (trainee's seat) 1…N; null: made by hand"
    )


class Group(Shape):
    id: int
    name: str
    copies: int
    personas: list[GroupPerson]


class GroupSummary(Shape):
    id: int
    name: str
    copies: int
    people: int
