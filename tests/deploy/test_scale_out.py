"""The cabinet scales out: two instances with data directories of their own, behind nginx
round-robin, on one PostgreSQL. Whatever one instance stored or started, the other serves."""

import re

import pytest

from tests import files
from tests.support.cabinet_pair import UPSTREAM, cabinet_pair
from tests.support.constants import DOCTOR_PHONE
from tests.support.drivers import shown_at
from tests.support.pages import Page, WizardStep
from tests.support.stand import HttpDoctor, outbox_reader

DOCUMENTS = ("passport", "snils", "diploma")


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    with cabinet_pair(tmp_path_factory.mktemp("pair")) as started:
        yield started


@pytest.fixture(scope="module")
def doctor(pair):
    """A doctor logged in through the pair: the ESIA round trip itself crosses both."""
    doctor = HttpDoctor(pair["url"])
    page = doctor.log_in(DOCTOR_PHONE, outbox_reader(pair["env"]))
    assert shown_at(page) == pair["url"] + "/cabinet/"
    return doctor


def served_by(response) -> str:
    return response.headers[UPSTREAM]


def post(doctor: HttpDoctor, page, fields: dict, **kwargs):
    """The page's form as a browser posts it; the answer before any redirect is followed."""
    data = {"csrf_token": Page(page).csrf_token, **fields}
    headers = {"Referer": page.url}
    return doctor.web.post(page.url, data=data, headers=headers, allow_redirects=False, **kwargs)


def upload(pair, doctor, code: str, data: bytes):
    page = doctor.web.get(f"{pair['url']}/cabinet/documents/{code}", timeout=10)
    fields = {"doc_number": "1", "issue_date": "12.05.2016"}
    answer = post(doctor, page, fields, files={"file": ("scan.pdf", data, "application/pdf")})
    assert answer.status_code == 303, Page(answer).text
    return answer


def fetched_by_the_other(pair, doctor, path: str, not_from: str):
    """GET `path` until the instance that did not take the upload answers (round-robin: at once
    or the next time)."""
    for _ in range(4):
        response = doctor.web.get(pair["url"] + path, timeout=10)
        if served_by(response) != not_from:
            return response
    raise AssertionError(f"every answer came from {not_from}")


def test_a_file_uploaded_through_one_instance_downloads_through_the_other(pair, doctor):
    original = files.pdf(padding=300_000)
    uploaded_by = served_by(upload(pair, doctor, "passport", original))
    page = doctor.web.get(f"{pair['url']}/cabinet/documents/passport", timeout=10)
    link = next(h for h in Page(page).hrefs if re.fullmatch(r"/cabinet/documents/file/\d+", h))
    download = fetched_by_the_other(pair, doctor, link, uploaded_by)
    assert download.status_code == 200 and download.content == original
    assert served_by(download) in pair["upstreams"] - {uploaded_by}
    for data_dir in pair["data_dirs"]:
        assert not list((data_dir / "files").glob("*")) if (data_dir / "files").exists() else True


def wizard_step(pair, doctor, application_id: int, number: int, **fields):
    url = f"{pair['url']}/cabinet/applications/{application_id}/step/{number}"
    page = doctor.web.get(url, timeout=10)
    answer = post(doctor, page, fields)
    assert answer.status_code == 303, Page(answer).text
    return page, answer


def started_application(pair, doctor) -> int:
    for code in DOCUMENTS[1:]:
        upload(pair, doctor, code, files.pdf())
    page = doctor.web.get(pair["url"] + "/cabinet/applications/new", timeout=10)
    answer = post(doctor, page, {"kind": "primary"})
    return int(re.search(r"/applications/(\d+)/step", answer.headers["Location"]).group(1))


def test_a_wizard_continues_across_both_instances_and_both_answer_its_polls(pair, doctor):
    application_id, served = started_application(pair, doctor), set()
    contacts = {"phone": "8 916 123-45-01", "email": "ivanova.ms@example.ru"}
    work = {"specialty": "Терапия", "workplace": "ГБУЗ ГП № 2"}
    work["licence_number"] = "Л041-01137-77/00368012"
    for number, fields in ((1, {"confirm": "y"}), (2, contacts), (3, work)):
        page, answer = wizard_step(pair, doctor, application_id, number, **fields)
        served |= {served_by(page), served_by(answer)}
    url = f"{pair['url']}/cabinet/applications/{application_id}/step/4"
    documents = Page(doctor.web.get(url, timeout=10)).form().options("documents")
    _, answer = wizard_step(pair, doctor, application_id, 4, documents=documents, pd_consent="y")
    served.add(served_by(answer))
    response = doctor.web.get(url.replace("/step/4", "/step/5"), timeout=10)
    last = WizardStep(response)
    assert "Терапия" in last.text and "ГБУЗ ГП № 2" in last.text
    assert served == pair["upstreams"]
    confirm = {"submission_key": last.submission_key, "confirm": "y"}
    assert post(doctor, response, confirm).status_code == 303
    answered_polls(pair, doctor, application_id)


def answered_polls(pair, doctor, application_id: int) -> None:
    """Both instances answer the status poll with the same status and ETag; each answers 304 to
    the ETag the other gave."""
    url = f"{pair['url']}/cabinet/applications/{application_id}/status"
    polls = [doctor.web.get(url, headers={"HX-Request": "true"}, timeout=10) for _ in range(2)]
    assert {served_by(poll) for poll in polls} == pair["upstreams"]
    assert {poll.headers["ETag"] for poll in polls} == {polls[0].headers["ETag"]}
    assert all(poll.status_code in (200, 286) for poll in polls)
    assert Page(polls[0]).text == Page(polls[1]).text
    unchanged = [
        doctor.web.get(url, headers={"If-None-Match": polls[0].headers["ETag"]}, timeout=10)
        for _ in range(2)
    ]
    assert {served_by(poll) for poll in unchanged} == pair["upstreams"]
    assert [poll.status_code for poll in unchanged] == [304, 304]
