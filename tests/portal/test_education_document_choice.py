"""The education form's document choice: anything but a document id is an error next to it."""

import pytest

from tests.support.pages import Page


@pytest.mark.parametrize("chosen", ["abc", "1e3", "-5", "9" * 40])
def test_a_document_choice_that_is_not_an_id_is_told_next_to_the_field(signed_in, chosen):
    form = Page(signed_in.get("/cabinet/education/")).form("/cabinet/education/")
    fields = {**form.fields, "kind": "diploma", "organisation": "ПМГМУ", "document_id": chosen}
    response = signed_in.post("/cabinet/education/", data=fields)
    assert response.status_code == 422
    assert Page(response).field_error("document_id") == "Выберите документ из списка"
