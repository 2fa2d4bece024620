"""The status line of a long comparison: on a terminal's stderr only, erased when done."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest
from conftest import REPO_ROOT

from policydiff import progress

PAIR = REPO_ROOT / "samples" / "articles-terms"


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_line_on_a_pipe_even_for_a_long_run(monkeypatch):
    monkeypatch.setenv(progress.DELAY_ENV, "0")
    pipe = io.StringIO()
    with progress.on_terminal(pipe):
        progress.stage("align")
        progress.time.sleep(0.3)
    assert pipe.getvalue() == ""


def test_line_on_a_terminal_names_the_stage_and_is_erased(monkeypatch):
    monkeypatch.setenv(progress.DELAY_ENV, "0")
    tty = _Tty()
    with progress.on_terminal(tty):
        progress.stage("align")
        progress.time.sleep(0.3)
    out = tty.getvalue()
    assert "policydiff: aligning clauses… " in out
    assert out.endswith("\r\x1b[K")  # nothing of it is left on the screen


def test_a_short_run_shows_nothing(monkeypatch):
    monkeypatch.delenv(progress.DELAY_ENV, raising=False)
    tty = _Tty()
    with progress.on_terminal(tty):
        progress.stage("parse")
    assert tty.getvalue() == ""


def _read_all(fd: int) -> bytes:
    data = b""
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # EIO once the child closed the terminal
            break
        if not chunk:
            break
        data += chunk
    return data


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_compare_shows_progress_on_a_real_terminal_only(cli_argv):
    """stderr on a pseudo-terminal gets the status line; stdout (a pipe) only the JSON report;
    with stderr a pipe, stderr stays empty."""
    import pty

    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env[progress.DELAY_ENV] = "0"
    argv = [*cli_argv, "compare", str(PAIR / "old.md"), str(PAIR / "new.md"), "--format", "json"]
    master, slave = pty.openpty()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=slave, env=env)
    os.close(slave)
    out = proc.stdout.read().decode("utf-8")
    proc.wait(timeout=120)
    err = _read_all(master).decode("utf-8", "replace")
    os.close(master)
    assert proc.returncode in (0, 1)
    assert "policydiff: " in err and "… " in err and err.endswith("\r\x1b[K")
    report = json.loads(out)  # the report is untouched by the status line
    assert report["changes"]

    piped = subprocess.run(argv, capture_output=True, env=env, timeout=120)
    assert piped.returncode in (0, 1)
    assert piped.stderr == b""
    assert json.loads(piped.stdout) == report
