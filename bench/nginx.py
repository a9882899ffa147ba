"""nginx in front of the bench's servers: round-robin upstreams with kept-alive connections,
as deploy/ puts it in front of the apps."""

import shutil
from pathlib import Path

from tests.support.cabinet_pair import NGINX_PRELUDE, TEMP_PATHS

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SERVER = """    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://{upstream};
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
        }}
    }}
"""


def nginx_conf(run: Path, upstreams: dict[str, list[int]], listeners: dict[int, str]) -> str:
    """nginx in front of `upstreams` (name → ports, connections kept alive), each listening
    port passing everything to one of them; logs and temporary files in `run`."""
    head = (NGINX_PRELUDE + "http {{\n    access_log off;" + TEMP_PATHS).format(run=run)
    pools = "".join(
        f"    upstream {name} {{ {' '.join(f'server 127.0.0.1:{port};' for port in ports)} "
        "keepalive 16; }\n"
        for name, ports in upstreams.items()
    )
    servers = "".join(SERVER.format(port=port, upstream=name) for port, name in listeners.items())
    return head + pools + servers + "}\n"


def start_nginx(folder: Path, conf: str, port: int) -> tuple:
    """The (argv, env, port) of nginx with `conf`, as `running` takes it."""
    run = folder / "nginx"
    run.mkdir()
    (run / "nginx.conf").write_text(conf)
    return [NGINX, "-p", str(run), "-c", str(run / "nginx.conf"), "-g", "daemon off;"], {}, port
