"""The whole suite: `bench/run` or `.venv/bin/python -m bench [journeys load logins scale uploads]`.

Prints the machine, then one table; every row is a ratio against a baseline measured in the same
run, because the machines here are shared and noisy. Sections run one after another, never at
once (they would measure each other).
"""

import os
import platform
import signal
import subprocess
import sys
from pathlib import Path

from tests.support.servers import ROOT

from . import journeys, load, logins, scale, uploads
from .table import render

SECTIONS = {
    "journeys": journeys.main,
    "load": load.main,
    "logins": logins.main,
    "scale": scale.main,
    "uploads": uploads.main,
}


def machine() -> str:
    lines = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next(
        (line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")),
        platform.processor(),
    )
    memory = subprocess.run(["free", "-g"], capture_output=True, text=True).stdout  # noqa: S607
    return f"nproc {os.cpu_count()}; CPU {cpu}; Python {platform.python_version()}\n{memory}"


def main(names: list[str]) -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # scratch databases are dropped
    os.chdir(ROOT)
    print(machine())
    rows = []
    for name in names or list(SECTIONS):
        print(f"running {name}…", file=sys.stderr, flush=True)
        rows += SECTIONS[name]()
    print(render(rows))


if __name__ == "__main__":
    main(sys.argv[1:])
