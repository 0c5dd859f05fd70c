"""The one atomic writer: whole file or nothing, one-line OutputErrors, no temp file left."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from actplot.errors import OutputError
from actplot.io import atomic


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_writes_whole_files_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    assert atomic.write_bytes(target, b"one") == target
    assert target.read_bytes() == b"one"
    atomic.write_text(target, "twö\n")
    assert target.read_bytes() == "twö\n".encode()
    assert listing(tmp_path) == ["out.bin"]


@pytest.mark.parametrize("error", [RuntimeError("renderer failed"), KeyboardInterrupt()])
def test_a_failure_in_the_block_removes_the_temp_and_keeps_the_old_file(
    tmp_path: Path, error: BaseException
) -> None:
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")
    with pytest.raises(type(error)):
        with atomic.replacing(target) as fh:
            fh.write(b"half a file")
            raise error
    assert target.read_bytes() == b"old"
    assert listing(tmp_path) == ["out.bin"]


def test_an_os_error_in_the_block_is_an_output_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match=r"^cannot write '.*out\.bin': No space left on device$"):
        with atomic.replacing(tmp_path / "out.bin"):
            raise OSError(28, "No space left on device")
    assert listing(tmp_path) == []


def test_a_failed_replace_removes_the_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic.os, "replace", refuse)
    with pytest.raises(OutputError, match="cannot write .*: Permission denied$"):
        atomic.write_bytes(tmp_path / "out.bin", b"data")
    assert listing(tmp_path) == []


def test_ctrl_c_during_the_replace_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(src: object, dst: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic.write_bytes(tmp_path / "out.bin", b"data")
    assert listing(tmp_path) == []


def refuse_temp_files(monkeypatch: pytest.MonkeyPatch, error: OSError) -> None:
    """Make creating the writer's temporary files fail with `error` (as a read-only folder
    does for a user who is not root); every other os.open works as before."""
    real_open = os.open

    def fake_open(path: object, *args: object, **kwargs: object) -> int:
        if Path(str(path)).name.startswith(atomic.TEMP_PREFIX):
            raise error
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(atomic.os, "open", fake_open)


def test_a_folder_that_refuses_new_files_is_an_output_error_from_check_and_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    refuse_temp_files(monkeypatch, PermissionError(13, "Permission denied"))
    target = tmp_path / "x.png"
    expected = (
        f"cannot write '{target}': cannot create a file in folder '{tmp_path}' (Permission denied)"
    )
    for attempt in (atomic.check, lambda p: atomic.write_bytes(p, b"x")):
        with pytest.raises(OutputError) as info:
            attempt(target)
        assert str(info.value) == expected
    assert listing(tmp_path) == []


def test_check_leaves_nothing_behind(tmp_path: Path) -> None:
    assert atomic.check(tmp_path / "new.png") == tmp_path / "new.png"
    assert listing(tmp_path) == []


def test_a_missing_folder_is_named_and_never_created(tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such"
    for attempt in (atomic.check, lambda p: atomic.write_bytes(p, b"x")):
        with pytest.raises(OutputError, match=f"folder '{missing}' does not exist$"):
            attempt(missing / "x.png")
    assert listing(tmp_path) == []


def test_a_file_in_the_folder_path_is_named(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("keep")
    for target in (tmp_path / "file" / "x.png", tmp_path / "file" / "sub" / "x.png"):
        with pytest.raises(OutputError, match=f"'{tmp_path / 'file'}' is a file, not a folder$"):
            atomic.check(target)
    assert (tmp_path / "file").read_text() == "keep"


def test_a_folder_or_a_special_file_as_the_target_is_refused(tmp_path: Path) -> None:
    (tmp_path / "dir.png").mkdir()
    with pytest.raises(OutputError, match="it is a folder$"):
        atomic.write_bytes(tmp_path / "dir.png", b"x")
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(OutputError, match="it is not a regular file$"):
        atomic.check(tmp_path / "fifo")
    with pytest.raises(OutputError, match="it is not a file name$"):
        atomic.check(tmp_path / "..")
    assert listing(tmp_path) == ["dir.png", "fifo"]


def test_proc_is_refused_in_one_line() -> None:
    if not Path("/proc/self").is_dir():
        pytest.skip("this system has no /proc")
    with pytest.raises(OutputError, match="^cannot write '/proc/x.png': cannot create a file in"):
        atomic.check("/proc/x.png")
    assert not Path("/proc/x.png").exists()


def test_names_longer_than_the_file_system_allows_are_refused(tmp_path: Path) -> None:
    limit = atomic.name_max(tmp_path)
    too_long = tmp_path / ("a" * (limit + 1))
    with pytest.raises(OutputError, match=f"the name is {limit + 1} bytes long, the file system"):
        atomic.write_bytes(too_long, b"x")
    multibyte = tmp_path / ("é" * (limit // 2 + 1))  # bytes, not characters, count
    with pytest.raises(OutputError, match="bytes long"):
        atomic.check(multibyte)
    assert listing(tmp_path) == []


def test_the_limit_comes_from_pathconf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(atomic.os, "pathconf", lambda path, name: 20)
    atomic.write_bytes(tmp_path / ("b" * 20), b"x")  # the temp name never counts against it
    with pytest.raises(OutputError, match="the name is 21 bytes long, the file system allows 20"):
        atomic.check(tmp_path / ("b" * 21))


@pytest.mark.parametrize("length", [244, 255])
def test_every_legal_name_can_be_written(tmp_path: Path, length: int) -> None:
    """The temporary name has a fixed length: it never makes a legal target too long."""
    if atomic.name_max(tmp_path) < length:
        pytest.skip(f"this file system allows names of {atomic.name_max(tmp_path)} bytes")
    target = tmp_path / ("a" * (length - 4) + ".png")
    atomic.write_bytes(target, b"x")
    assert listing(tmp_path) == [target.name]
    assert len(f"{atomic.TEMP_PREFIX}{'0' * 8}{atomic.TEMP_SUFFIX}") == 21


def test_permissions_are_those_of_open(tmp_path: Path) -> None:
    umask = os.umask(0o027)
    try:
        new = atomic.write_bytes(tmp_path / "new", b"x")
        assert stat.S_IMODE(new.stat().st_mode) == 0o640  # 0o666 less the umask
        old = tmp_path / "old"
        old.write_bytes(b"")
        old.chmod(0o604)
        atomic.write_bytes(old, b"x")
        assert stat.S_IMODE(old.stat().st_mode) == 0o604  # a replaced file keeps its own
    finally:
        os.umask(umask)


def test_a_symlink_is_replaced_not_followed(tmp_path: Path) -> None:
    (tmp_path / "real").write_bytes(b"keep")
    (tmp_path / "link").symlink_to("real")
    atomic.write_bytes(tmp_path / "link", b"new")
    assert not (tmp_path / "link").is_symlink() and (tmp_path / "link").read_bytes() == b"new"
    assert (tmp_path / "real").read_bytes() == b"keep"


def test_write_if_changed_leaves_an_up_to_date_file_alone(tmp_path: Path) -> None:
    target = tmp_path / "x.png"
    assert atomic.write_if_changed(target, b"one") is True
    os.utime(target, ns=(1, 1))
    assert atomic.write_if_changed(target, b"one") is False
    assert target.stat().st_mtime_ns == 1
    assert atomic.write_if_changed(target, b"two") is True and target.read_bytes() == b"two"
    with pytest.raises(TypeError):
        atomic.write_if_changed(target, "not bytes")  # type: ignore[arg-type]
    assert listing(tmp_path) == ["x.png"] and target.read_bytes() == b"two"


def test_make_folder_creates_one_level_only(tmp_path: Path) -> None:
    assert atomic.make_folder(tmp_path / "g").is_dir()
    atomic.make_folder(tmp_path / "g")  # an existing folder is fine
    with pytest.raises(OutputError, match=f"folder '{tmp_path / 'a'}' does not exist$"):
        atomic.make_folder(tmp_path / "a" / "g")
    (tmp_path / "file").write_text("keep")
    with pytest.raises(OutputError, match="'.*file': it is a file, not a folder$"):
        atomic.make_folder(tmp_path / "file")
    with pytest.raises(OutputError, match="'.*file' is a file, not a folder$"):
        atomic.make_folder(tmp_path / "file" / "g")
    assert listing(tmp_path) == ["file", "g"] and listing(tmp_path / "g") == []


def test_make_folder_refuses_a_folder_that_takes_no_files_and_leaves_it_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "g"
    folder.mkdir()
    os.utime(folder, ns=(1, 1))
    assert atomic.make_folder(folder) == folder
    assert folder.stat().st_mtime_ns == 1  # checked without creating anything in it
    monkeypatch.setattr(atomic.os, "access", lambda *args, **kwargs: False)
    with pytest.raises(OutputError, match=r"cannot create a file in folder .* \(Permission denied"):
        atomic.make_folder(folder)
    assert listing(folder) == []


def test_make_folder_reports_a_folder_it_may_not_create(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(path: object, *args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic.os, "mkdir", refused)
    with pytest.raises(
        OutputError, match=r"'.*g': cannot create the folder \(Permission denied\)$"
    ):
        atomic.make_folder(tmp_path / "g")
    assert listing(tmp_path) == []
