"""Processes the load benchmark starts on loopback, and stops again by their own ids."""

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on {port}")


@contextmanager
def running(commands: list[tuple[list[str], dict, int]], logs: Path | None = None):
    """Start each (argv, env, port) and wait until it listens; stop them all afterwards.
    Their error output goes to `logs`/<port>.log when `logs` is given."""
    with ExitStack() as files:
        processes = [
            subprocess.Popen(  # noqa: S603 (our own argument lists, no shell)
                argv,
                cwd=ROOT,
                env={**os.environ, **env},
                stdout=subprocess.DEVNULL,
                stderr=files.enter_context(open(logs / f"{port}.log", "wb"))
                if logs
                else subprocess.DEVNULL,
                start_new_session=True,
            )
            for argv, env, port in commands
        ]
        yield from supervise(processes, commands)


def supervise(processes, commands):
    try:
        for _, _, port in commands:
            wait_for(port)
        yield
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            process.wait(timeout=30)


def gunicorn(app: str, port: int, env: dict) -> tuple[list[str], dict, int]:
    argv = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", app]
    return argv, {**env, "BIND": f"127.0.0.1:{port}"}, port
