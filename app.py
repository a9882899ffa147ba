"""Start the ESIA simulator and the cabinet on one machine: `python app.py`."""

import argparse
import gc
import shutil
import threading
from pathlib import Path

from werkzeug.serving import WSGIRequestHandler, make_server

import idp_mock
import portal
from common import demo_document
from common.datadir import write_private
from idp_mock.cli import demo_lines
from idp_mock.protocol import keys
from idp_mock.tester import clients
from idp_mock.tester.seed import DEMO_PASSWORD, seed_demo
from portal import documents, esia_client


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--portal-port", type=int, default=8000)
    parser.add_argument("--idp-port", type=int, default=8001)
    parser.add_argument("--data-dir", default="var", type=Path)
    parser.add_argument("--reset", action="store_true", help="wipe the data directory and reseed")
    return parser.parse_args(argv)


def build_apps(args: argparse.Namespace):
    if args.reset and args.data_dir.exists():
        shutil.rmtree(args.data_dir)
    idp_url = f"http://{args.host}:{args.idp_port}"
    portal_url = f"http://{args.host}:{args.portal_port}"
    idp_app = idp_mock.create_app({"DATA_DIR": str(args.data_dir), "CABINET_URL": portal_url})
    portal_app = portal.create_app(
        {"DATA_DIR": str(args.data_dir), "IDP_URL": idp_url, "PUBLIC_URL": portal_url}
    )
    idp_mock.migrate(idp_app)
    portal.migrate(portal_app)
    with portal_app.app_context():
        documents.sweep_orphans()
    with idp_app.app_context():
        people = demo_lines(seed_demo())
    return idp_app, portal_app, people


def register_portal(idp_app, portal_app) -> None:
    """What an operator does on the ESIA technology portal (`register-client`, `signing-cert`
    and `install-esia-cert` on a deployed stand): register the cabinet's certificate, and give
    the cabinet ESIA's signing certificate. Works with the tester API off."""
    with idp_app.app_context():
        clients.register(esia_client.registration(portal_app))
        certificate = keys.active().certificate_pem
    write_private(esia_client.esia_cert_path(portal_app), certificate)


class QuietRequestHandler(WSGIRequestHandler):
    """The server name without versions (Werkzeug would announce its and Python's)."""

    def version_string(self) -> str:
        return "medaccred"


def serve(app, host: str, port: int):
    server = make_server(host, port, app, threaded=True, request_handler=QuietRequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


def announce(args, people, tester_api: bool) -> None:
    print(f"Кабинет медработника: http://{args.host}:{args.portal_port}")
    print(f"Симулятор Госуслуг:   http://{args.host}:{args.idp_port}")
    if tester_api:
        print(f"API тестировщика:     http://{args.host}:{args.idp_port}/_mock/api/openapi.json")
    else:
        print("API тестировщика выключен (IDP_TEST_API=0). Коды из SMS показывает команда")
        print(f"  IDP_DATA_DIR={args.data_dir} flask --app idp_mock messages --to +7916…")
    print(f"Тестовые пользователи (пароль у всех: {DEMO_PASSWORD}):")
    print("\n".join(people))
    print("Остановить: Ctrl-C")


def main(argv=None) -> None:
    args = parse_args(argv)
    idp_app, portal_app, people = build_apps(args)
    register_portal(idp_app, portal_app)
    # The trainers' signed demo document, made once into the data directory.
    demo_document.files(args.data_dir)
    servers = [
        serve(idp_app, args.host, args.idp_port),
        serve(portal_app, args.host, args.portal_port),
    ]
    announce(args, people, bool(idp_app.config["TEST_API"]))
    gc.freeze()  # as deploy/gunicorn.conf.py: collections walk only what requests make
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        print("Останавливаю…")
    finally:
        for server in servers:
            server.shutdown()


if __name__ == "__main__":
    main()
