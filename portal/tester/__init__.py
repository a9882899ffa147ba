"""The tester's tools for the cabinet: a fresh start and named snapshots (the clock is
`portal/clock.py`); `tester/api/` is their JSON API under /_mock/api."""
