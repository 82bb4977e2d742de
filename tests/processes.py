"""Commands a test starts in a session of their own, and the processes still alive in it:
however a test ends, nothing it started runs on into other tests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SIM = [sys.executable, "-m", "sim"]


def session_processes(session: int) -> list[int]:
    """Processes still alive in a session (a command started with its own session)."""
    alive = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == session and fields[0] != "Z":
                alive.append(int(entry.name))
    return alive


@contextmanager
def started(args: list[str], cwd: Path, module: list[str] = SIM, **streams) -> Iterator[subprocess.Popen]:
    """A command in its own session (its output piped, unless ``streams`` say otherwise). However
    the test ends, a failed wait or assertion included, every process of the session still
    alive is killed by its id and the command reaped, so none runs on into other tests (a
    Popen collected while its process runs warns there, under xdist in any test)."""
    process = subprocess.Popen([*module, *args], cwd=cwd, text=True, start_new_session=True,
                               **({"stdout": subprocess.PIPE, "stderr": subprocess.PIPE} | streams))
    try:
        yield process
    finally:
        for pid in session_processes(process.pid):
            os.kill(pid, signal.SIGKILL)
        process.communicate()
