"""Render deploy/nginx.conf.template: python deploy/render_nginx.py KEY=VALUE ... > nginx.conf

Keys: run_dir, certificate, certificate_key, server_name, portal_port, idp_port,
portal_upstream, idp_upstream.
"""

import sys
from pathlib import Path
from string import Template

TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"


def render(values: dict) -> str:
    return Template(TEMPLATE.read_text()).substitute(values)


if __name__ == "__main__":
    print(render(dict(arg.split("=", 1) for arg in sys.argv[1:])))
