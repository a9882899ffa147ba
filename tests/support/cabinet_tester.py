"""The cabinet's tester API as a tester's script drives it: the clock, a fresh start, snapshots."""

from datetime import date

API = "/_mock/api"


class CabinetTester:
    """JSON calls to the cabinet's /_mock/api, each checked for the status it should answer."""

    def __init__(self, client):
        self.client = client

    def call(self, method: str, path: str, expected: int = 200, **kwargs):
        response = self.client.open(f"{API}{path}", method=method, **kwargs)
        assert response.status_code == expected, response.get_data(as_text=True)
        return response.get_json()

    def clock(self) -> dict:
        return self.call("GET", "/clock")

    def advance(self, seconds: int) -> dict:
        return self.call("POST", "/clock", json={"advance_seconds": seconds})

    def doctor_clock(self, oid: int) -> dict:
        return self.call("GET", f"/doctors/{oid}/clock")

    def advance_doctor(self, oid: int, seconds: int) -> dict:
        return self.call("POST", f"/doctors/{oid}/clock", json={"advance_seconds": seconds})

    def set_doctor(self, oid: int, day: date) -> dict:
        moment = f"{day.isoformat()}T09:00:00Z"
        return self.call("POST", f"/doctors/{oid}/clock/set", json={"now": moment})

    def reset(self) -> dict:
        return self.call("POST", "/reset")

    def save(self, name: str) -> dict:
        return self.call("POST", "/snapshots", 201, json={"name": name})

    def restore(self, name: str) -> dict:
        return self.call("POST", f"/snapshots/{name}/restore")

    def snapshots(self) -> list[dict]:
        return self.call("GET", "/snapshots")

    def emails(self, to: str) -> list[dict]:
        return self.call("GET", "/emails", query_string={"to": to})
