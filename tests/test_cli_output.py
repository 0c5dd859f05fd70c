"""Output files, the same for every command (show, gallery, gradflow, train, table -o):
refused before any work in one line with exit code 2 and nothing left behind, written whole
when they can be, and reported as ``wrote PATH`` on stderr.

The read-only folder is also tried as a user who is not root (root ignores permissions): the
installed ``actplot`` is run with its privileges dropped by ``setpriv`` or ``runuser``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import Result

from actplot.io import atomic

NOBODY = 65534
# Each command with the least work that still writes its file; the target goes last.
COMMANDS: dict[str, list[str]] = {
    "show": ["show", "relu", "--no-derivative", "--size", "3", "3", "--dpi", "20", "-o"],
    "gradflow": ["gradflow", "relu", "--depth", "2", "--width", "4", "--batch", "4", "-o"],
    "train": ["train", "relu", "--samples", "20", "--hidden", "2", "--epochs", "1", "-o"],
    "table": ["table", "relu", "-f", "csv", "-o"],
    "gallery": ["gallery", "relu", "-j", "1", "--dpi", "30", "-o"],
}
FILE_COMMANDS = [c for c in COMMANDS if c != "gallery"]
# What each command computes, replaced in the tests of bad paths: reaching it fails the test.
WORK = {
    "show": ("actplot.render.figure", "new_figure"),
    "gradflow": ("actplot.compute.gradflow", "gradflow"),
    "train": ("actplot.compute.training", "train"),
    "table": ("actplot.io.cache", "rows"),
    "gallery": ("actplot.render.gallery", "_run"),
}


def name(command: str, stem: str) -> str:
    """A file name for `command`'s output (a folder for the gallery)."""
    return stem if command == "gallery" else f"{stem}.png"


def one_line_error(result: Result) -> str:
    """The error line, after checking the contract: exit 2, one line, no traceback."""
    assert result.exit_code == 2, (result.exit_code, result.output)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("actplot: error: cannot write "), lines
    assert "Traceback" not in result.output and result.stdout == ""
    return lines[0]


@pytest.fixture
def no_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test in which a command starts its work before refusing its output path."""
    import importlib

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("the command started working before checking its output path")

    for module, attr in WORK.values():
        monkeypatch.setattr(importlib.import_module(module), attr, forbidden)


@pytest.fixture
def run_in(cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """`run_in(command, target)`: the command writing `target`, run in tmp_path."""
    monkeypatch.chdir(tmp_path)

    def run(command: str, target: str) -> Result:
        return cli(*COMMANDS[command], target)

    return run


def leftovers(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.usefixtures("no_work")
@pytest.mark.parametrize("command", COMMANDS)
def test_a_missing_parent_is_named_and_not_created(run_in, tmp_path: Path, command: str) -> None:
    line = one_line_error(run_in(command, f"missing/deeper/{name(command, 'x')}"))
    assert line.endswith("folder 'missing/deeper' does not exist")
    assert leftovers(tmp_path) == []


@pytest.mark.usefixtures("no_work")
@pytest.mark.parametrize("command", COMMANDS)
def test_proc_is_refused(run_in, tmp_path: Path, command: str) -> None:
    if not Path("/proc/self").is_dir():
        pytest.skip("this system has no /proc")
    line = one_line_error(run_in(command, f"/proc/{name(command, 'x')}"))
    assert f"cannot write '/proc/{name(command, 'x')}': cannot create" in line
    assert leftovers(tmp_path) == []


@pytest.mark.usefixtures("no_work")
@pytest.mark.parametrize("command", COMMANDS)
def test_a_name_too_long_for_the_file_system_is_refused(
    run_in, tmp_path: Path, command: str
) -> None:
    target = name(command, "a" * 300)
    line = one_line_error(run_in(command, target))
    limit = atomic.name_max(tmp_path)
    assert line.endswith(f"the name is {len(target)} bytes long, the file system allows {limit}")
    assert leftovers(tmp_path) == []


@pytest.mark.usefixtures("no_work")
@pytest.mark.parametrize("command", FILE_COMMANDS)
def test_a_folder_given_as_the_file_is_refused(run_in, tmp_path: Path, command: str) -> None:
    (tmp_path / "taken.png").mkdir()
    assert one_line_error(run_in(command, "taken.png")).endswith("'taken.png': it is a folder")
    assert leftovers(tmp_path) == ["taken.png"]


@pytest.mark.usefixtures("no_work")
def test_a_file_given_as_the_gallery_folder_is_refused(run_in, tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("keep me")
    line = one_line_error(run_in("gallery", "taken"))
    assert line.endswith("'taken': it is a file, not a folder")
    assert (tmp_path / "taken").read_text() == "keep me" and leftovers(tmp_path) == ["taken"]


@pytest.mark.usefixtures("no_work")
@pytest.mark.parametrize("command", COMMANDS)
def test_a_folder_that_refuses_new_files_is_refused(
    run_in, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """In this process, as the OS refuses a user who may not write the folder: creating a
    file (the writer's temporary one) or a folder (the gallery's) in it."""
    real_open, real_mkdir = os.open, os.mkdir
    readonly = tmp_path.resolve() / "ro"

    def refused(real: Callable[..., int]) -> Callable[..., int]:
        def call(path: object, *args: object, **kwargs: object) -> int:
            if Path(str(path)).resolve().parent == readonly:
                raise PermissionError(13, "Permission denied")
            return real(path, *args, **kwargs)

        return call

    monkeypatch.setattr(atomic.os, "open", refused(real_open))
    monkeypatch.setattr(atomic.os, "mkdir", refused(real_mkdir))
    readonly.mkdir()
    line = one_line_error(run_in(command, f"ro/{name(command, 'x')}"))
    assert "Permission denied" in line
    assert leftovers(tmp_path) == ["ro"]


@pytest.mark.parametrize("command", COMMANDS)
def test_a_legal_244_character_name_is_written_and_reported_on_stderr(
    run_in, tmp_path: Path, command: str
) -> None:
    target = name(command, "a" * (244 - (0 if command == "gallery" else 4)))
    assert len(target) == 244
    result = run_in(command, target)
    assert result.exit_code == 0, result.output
    if command == "gallery":
        written = "3 images and 1 interactive page"
        assert result.stderr.startswith(f"wrote {written} in {target} (4 changed)")
        assert (tmp_path / target / "relu.png").is_file()
    else:
        assert result.stderr == f"wrote {target}\n"
        assert (tmp_path / target).stat().st_size > 0
    assert "wrote" not in result.stdout
    assert not [p for p in leftovers(tmp_path) if p.endswith(".tmp")]


@pytest.mark.parametrize("command", ["gradflow", "train"])
def test_json_on_stdout_and_the_report_on_stderr(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli(*COMMANDS[command][:-1], "--format", "json", "-o", "x.svg")
    assert result.exit_code == 0, result.output
    json.loads(result.stdout)  # nothing else on stdout
    assert result.stderr == "wrote x.svg\n"


@pytest.mark.parametrize("fmt", ["rich", "markdown", "csv", "json", "latex"])
def test_table_output_is_what_stdout_would_carry(
    cli: Callable[..., Result], tmp_path: Path, fmt: str
) -> None:
    shown = cli("table", "relu", "tanh", "-f", fmt)
    assert shown.exit_code == 0, shown.output
    target = tmp_path / f"table.{fmt}"
    written = cli("table", "relu", "tanh", "-f", fmt, "-o", str(target))
    assert written.exit_code == 0, written.output
    assert written.stdout == "" and written.stderr == f"wrote {target}\n"
    text = target.read_text(encoding="utf-8")
    assert text == shown.stdout and "\x1b" not in text  # no colour, ever
    if fmt == "rich":
        assert "2 activations" in text and max(map(len, text.splitlines())) > 100  # unwrapped


# As a user who is not root ------------------------------------------------------------------


def _entry_point() -> str:
    found = shutil.which("actplot", path=str(Path(sys.executable).parent)) or shutil.which(
        "actplot"
    )
    if found is None:
        pytest.fail("the actplot entry point is not installed beside this Python")
    return found


def _as_nobody() -> list[str]:
    """The command prefix that runs a program as an unprivileged user ([] when this process
    is not root: permissions apply to it already)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv"):
        prefix = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    elif shutil.which("runuser"):
        prefix = ["runuser", "-u", "nobody", "--"]
    else:
        pytest.skip("running as root and neither setpriv nor runuser can drop privileges")
    probe = subprocess.run([*prefix, _entry_point(), "--version"], capture_output=True)
    if probe.returncode != 0:
        # Not actplot's fault: this interpreter lives where the unprivileged user cannot
        # read (a venv in a root-only folder). .ci/run makes its venv readable.
        pytest.skip(f"the unprivileged user cannot run {_entry_point()}: {probe.stderr[:80]!r}")
    return prefix


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder the unprivileged user can enter (pytest's tmp_path is root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="actplot-nobody-"))
    folder.chmod(0o755)
    for sub in ("home", "cache"):
        (folder / sub).mkdir()
        (folder / sub).chmod(0o777)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("command", COMMANDS)
def test_a_read_only_folder_as_a_user_who_is_not_root(shared_folder: Path, command: str) -> None:
    readonly = shared_folder / "ro"
    readonly.mkdir()
    readonly.chmod(0o555)
    env = {
        **os.environ,
        "HOME": str(shared_folder / "home"),
        "MPLCONFIGDIR": str(shared_folder / "home"),
        "ACTPLOT_CACHE_DIR": str(shared_folder / "cache"),
    }
    target = readonly / name(command, "x")
    done = subprocess.run(
        [*_as_nobody(), _entry_point(), *COMMANDS[command], str(target)],
        capture_output=True,
        text=True,
        env=env,
        cwd=shared_folder,
        timeout=120,
    )
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    assert done.stdout == "" and "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [
        f"actplot: error: cannot write '{target}': "
        + (
            "cannot create the folder (Permission denied)"
            if command == "gallery"
            else f"cannot create a file in folder '{readonly}' (Permission denied)"
        )
    ]
    assert list(readonly.iterdir()) == []
