"""The console's faults page: arming and clearing a fault, and a bad one explained."""

from tests.support.drivers import submit
from tests.support.pages import Page

API = "/_mock/api"


def test_the_faults_page_arms_and_clears_a_fault(client):
    response = submit(
        client, "/_mock/faults", "/_mock/faults", kind="http_error", path="/", times="1"
    )
    assert response.status_code == 303
    (fault,) = client.get(f"{API}/faults").get_json()
    submit(client, "/_mock/faults", f"/_mock/faults/{fault['id']}/clear")
    assert client.get(f"{API}/faults").get_json() == []


def test_a_bad_fault_is_explained_next_to_its_field(client):
    response = submit(client, "/_mock/faults", "/_mock/faults", kind="bad_token", defect="")
    assert response.status_code == 422 and Page(response).field_error("defect")
