"""The cabinet's own records."""

from datetime import datetime

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import BigInteger, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class Doctor(db.Model):
    """A medical worker known to the cabinet by their ESIA OID."""

    id: Mapped[int] = mapped_column(primary_key=True)
    esia_oid: Mapped[int] = mapped_column(BigInteger, unique=True)
    full_name: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime]
