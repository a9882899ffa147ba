"""The cabinet's tester API under /_mock/api (on unless PORTAL_TEST_API=0): its e-mail outbox,
its clock (global and per doctor), a fresh start, snapshots, and its OpenAPI document."""

from . import clock, document, outbox, progress, state  # noqa: F401  each adds its routes to bp
from .blueprint import bp

__all__ = ["bp"]
