"""Process hygiene: a killed or interrupted command leaves nothing running and nothing
half-written, and Ctrl-C ends any command at once with one line and exit code 130.

Each test starts a real ``actplot`` in its own session (its own process group, as a shell
job would be), signals it the way a user does (``kill -9 PID``, ``kill PID``, Ctrl-C to
the terminal's process group), and then reads the process table for that group: the
gallery's spawn workers and multiprocessing's resource tracker must be gone within a few
seconds. Linux only: the process table is read from /proc.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]  # the actplot under test, not another install
PROC = Path("/proc")
pytestmark = pytest.mark.skipif(
    not (PROC / "self" / "stat").exists(), reason="reads the process table from /proc"
)
GONE_WITHIN = 5.0  # seconds for every process of the group to exit after the signal
QUICK = 1.0  # seconds for Ctrl-C to end a command (plus process start-up slack below)


def _group(pgid: int) -> list[tuple[int, str]]:
    """(pid, command line) of the live processes (not zombies) in process group `pgid`."""
    found = []
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm) "
        state, pgrp = fields[0], int(fields[2])
        if pgrp == pgid and state not in ("Z", "X"):
            found.append((int(entry.name), cmd.strip()))
    return found


def _start(tmp_path: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "ACTPLOT_CACHE_DIR": str(tmp_path / "cache"), "MPLBACKEND": "Agg"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env.pop("COLUMNS", None)
    return subprocess.Popen(
        [sys.executable, "-m", "actplot", *args],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: the group is what we watch
    )


def _wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def _gallery_running(tmp_path: Path) -> tuple[subprocess.Popen[str], Path]:
    """A two-worker gallery of the whole registry, once its workers are drawing."""
    out = tmp_path / "g"
    proc = _start(tmp_path, "gallery", "-o", str(out), "-j", "2")
    # parent, resource tracker and two workers, and the first image written
    _wait_for(
        lambda: len(_group(proc.pid)) >= 4 and any(out.glob("*.png")) or proc.poll() is not None,
        120,
        "the gallery's workers",
    )
    assert proc.poll() is None, proc.communicate()
    return proc, out


def _assert_all_gone(pgid: int) -> None:
    deadline = time.monotonic() + GONE_WITHIN
    while (left := _group(pgid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not left, f"still running {GONE_WITHIN} s after the signal: {left}"


def _no_temporary_files(out: Path) -> None:
    left = [p.name for p in out.rglob(".actplot-*.tmp")]
    assert not left, left


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "kill-TERM"])
def test_killing_a_gallery_leaves_no_process_behind(tmp_path: Path, sig: signal.Signals) -> None:
    proc, out = _gallery_running(tmp_path)
    try:
        assert len(_group(proc.pid)) >= 4  # the workers are there to be left behind
        os.kill(proc.pid, sig)  # the parent only, as `kill PID` does
        proc.wait(timeout=30)  # not communicate(): a worker left behind holds the pipes
        assert proc.returncode in (-sig, 128 + sig)
        _assert_all_gone(proc.pid)
        _no_temporary_files(out)  # each worker removed the file it was writing
    finally:
        _reap(proc)


def test_ctrl_c_stops_a_gallery_at_once_with_one_line(tmp_path: Path) -> None:
    proc, out = _gallery_running(tmp_path)
    try:
        sent = time.monotonic()
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole group
        _, stderr = proc.communicate(timeout=30)
        took = time.monotonic() - sent
        assert proc.returncode == 130, stderr
        assert stderr.strip().splitlines()[-1:] == ["actplot: interrupted"], stderr
        assert stderr.count("actplot: interrupted") == 1 and "Traceback" not in stderr, stderr
        assert took < QUICK + 1.0, f"took {took:.2f} s"
        _assert_all_gone(proc.pid)
        _no_temporary_files(out)
    finally:
        _reap(proc)


# Commands busy in this process (no workers): a training run of about 20 s, the gallery
# drawing in-process (-j 1, matplotlib in the main thread). Ctrl-C once they are working:
# exit 130 within a second, one line.
BUSY = [
    ("train", "relu", "--epochs", "400"),
    ("gallery", "-o", "g", "-j", "1"),
]


@pytest.mark.parametrize("args", BUSY, ids=[" ".join(a[:2]) for a in BUSY])
def test_ctrl_c_stops_any_command_at_once(tmp_path: Path, args: tuple[str, ...]) -> None:
    proc = _start(tmp_path, *args)
    try:
        time.sleep(3.0)  # imported and at work (a few seconds' worth at least)
        assert proc.poll() is None, proc.communicate()
        sent = time.monotonic()
        os.killpg(proc.pid, signal.SIGINT)
        _, stderr = proc.communicate(timeout=30)
        took = time.monotonic() - sent
        assert proc.returncode == 130, stderr
        assert stderr.strip() == "actplot: interrupted", stderr
        assert took < QUICK, f"took {took:.2f} s"
        _assert_all_gone(proc.pid)
    finally:
        _reap(proc)


def test_ctrl_c_in_process_is_the_one_line_and_130(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """The mapping itself, in process: a KeyboardInterrupt inside any command."""
    from actplot import registry
    from actplot.cli import app

    def interrupted(*args: object, **kwargs: object) -> list[str]:
        raise KeyboardInterrupt

    monkeypatch.setattr(registry, "catalogue", interrupted)
    monkeypatch.setattr(app, "_interrupt_reported", False)
    result = cli("list")
    assert result.exit_code == 130
    assert result.stderr == "actplot: interrupted\n" and result.stdout == ""


def _reap(proc: subprocess.Popen[str]) -> None:
    """Whatever a failed test left of the group: killed, and the pipes closed."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)


def test_an_interrupt_python_can_only_report_still_ends_with_one_line() -> None:
    """A KeyboardInterrupt raised in a weakref callback is "unraisable": Python prints its
    traceback and carries on. actplot's hook ends the process as Ctrl-C should instead."""
    import subprocess
    import sys

    code = (
        "import gc, sys, weakref\nfrom actplot.cli import app\n"
        "sys.unraisablehook = app._unraisable\n"
        "class A: pass\n"
        "def cb(_): raise KeyboardInterrupt\n"
        "a = A(); r = weakref.ref(a, cb); del a; gc.collect()\nprint('carried on')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (done.returncode, done.stderr, done.stdout) == (130, "actplot: interrupted\n", "")
