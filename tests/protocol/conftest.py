"""A dedicated virtualenv for the unchanged PyPI client esia-connector 0.16 (it needs PyJWT 1)."""

import fcntl
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
VENV = REPO / "var" / "test-venvs" / "esia-connector-0.16"
PACKAGES = [
    "esia-connector==0.16",
    "requests",
    "pytz",
    "PyJWT<2",
    "cryptography",
    "beautifulsoup4",
]
PROBE = "import bs4, esia_connector, jwt; assert jwt.__version__.startswith('1.'), jwt.__version__"


def venv_python(venv: Path) -> Path:
    return venv / "bin" / "python"


def usable(venv: Path) -> bool:
    python = venv_python(venv)
    if not python.exists():
        return False
    return subprocess.run([python, "-c", PROBE], capture_output=True, timeout=60).returncode == 0


def run_or_fail(command: list, what: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True, timeout=900)
    if result.returncode != 0:
        pytest.fail(
            f"{what} failed ({result.returncode}): {' '.join(map(str, command))}\n"
            f"--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}",
            pytrace=False,
        )


def build(venv: Path) -> None:
    shutil.rmtree(venv, ignore_errors=True)
    run_or_fail([sys.executable, "-m", "venv", str(venv)], "creating the virtualenv")
    pip = [venv_python(venv), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    run_or_fail([*pip, *PACKAGES], "pip install " + " ".join(PACKAGES))
    if not usable(venv):
        pytest.fail(f"{venv} was built but cannot import esia_connector with PyJWT 1.x")


@pytest.fixture(scope="session")
def esia_connector_python() -> Path:
    """The python of a virtualenv holding esia-connector 0.16, built once and reused."""
    VENV.parent.mkdir(parents=True, exist_ok=True)
    with open(VENV.parent / f"{VENV.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # parallel runs wait for one build
        if not usable(VENV):
            started = time.monotonic()
            build(VENV)
            print(f"built {VENV} in {time.monotonic() - started:.1f} s")
    return venv_python(VENV)
