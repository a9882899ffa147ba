"""A connection dropped in the middle of an upload stores nothing."""

import socket
import time
from pathlib import Path

from sqlalchemy import select

from portal.models import Document, StoredFile, db
from tests.support.constants import DOCTOR_PHONE
from tests.support.pages import Page
from tests.support.servers import LiveServer


def test_a_connection_dropped_mid_upload_leaves_nothing(doctor, cabinet):
    doctor.log_in(DOCTOR_PHONE)
    token = Page(doctor.web.get("/cabinet/documents/passport").text).csrf_token
    cookie = doctor.web.get_cookie("portal_session").value
    server = LiveServer(cabinet)
    files_dir = Path(cabinet.config["DATA_DIR"]) / "files"
    before = set(files_dir.iterdir()) if files_dir.exists() else set()
    boundary = "----drop"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}'
        f'\r\n--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="scan.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n'
    ).encode()
    declared = len(head) + 3 * 1024 * 1024
    request = (
        f"POST /cabinet/documents/passport HTTP/1.1\r\nHost: {server.url[7:]}\r\n"
        f"Cookie: portal_session={cookie}\r\nContent-Length: {declared}\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\n\r\n"
    ).encode()
    try:
        with socket.create_connection(server.server.server_address, timeout=5) as sock:
            sock.sendall(request + head + b"0" * (1024 * 1024))
        time.sleep(0.5)
    finally:
        server.stop()
    with cabinet.app_context():
        assert db.session.scalar(select(Document)) is None
        assert db.session.scalar(select(StoredFile)) is None
    after = set(files_dir.iterdir()) if files_dir.exists() else set()
    assert after == before
