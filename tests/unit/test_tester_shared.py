"""What both tester APIs share: a clock body's moment, and tables kept as JSON and put back."""

import json
from datetime import date, datetime

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    create_engine,
    select,
)
from sqlalchemy.orm import Session

from common import table_rows
from common.tester_api.bodies import ClockSet
from common.tester_api.contract import fitting


def test_a_moment_with_an_offset_is_put_in_utc():
    body = fitting(ClockSet, '{"now": "2031-05-06T10:08:09+03:00"}')
    assert body.moment() == datetime(2031, 5, 6, 7, 8, 9)


def test_a_moment_without_an_offset_is_read_as_utc():
    body = fitting(ClockSet, '{"now": "2031-05-06T07:08:09"}')
    assert body.moment() == datetime(2031, 5, 6, 7, 8, 9)


def things_table() -> Table:
    return Table(
        "thing",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("name", String(20)),
        Column("born", Date),
        Column("seen_at", DateTime),
        Column("blob", LargeBinary),
    )


def test_rows_with_dates_and_bytes_come_back_as_they_were_saved():
    table = things_table()
    engine = create_engine("sqlite://")
    table.metadata.create_all(engine)
    row = {
        "id": 7,
        "name": "Иванова",
        "born": date(1980, 1, 2),
        "seen_at": datetime(2030, 3, 4, 5, 6, 7),
        "blob": b"\x00\xffnonce",
    }
    with Session(engine) as session:
        session.execute(table.insert(), [row])
        saved = json.loads(json.dumps(table_rows.dump(session, [table])))
        session.execute(table.insert(), [{**row, "id": 8}])
        table_rows.load(session, [table], saved)
        assert [dict(r) for r in session.execute(select(table)).mappings()] == [row]
