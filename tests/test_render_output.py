"""Saving figures: format by extension, whole-or-nothing writes, byte-reproducible files."""

from __future__ import annotations

import os
import struct
from pathlib import Path

import pytest

import actplot
from actplot.render import output

MAGIC = {"png": b"\x89PNG\r\n\x1a\n", "pdf": b"%PDF-"}


@pytest.fixture(scope="module")
def fig():
    return actplot.plot(["relu", "tanh"])


def png_size(data: bytes) -> tuple[int, int]:
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_each_format_by_extension_with_its_magic_bytes(fig, tmp_path: Path, fmt: str) -> None:
    path = output.save(fig, tmp_path / f"plot.{fmt}")
    data = path.read_bytes()
    if fmt == "svg":
        assert data.lstrip().startswith(b"<?xml") and b"<svg" in data[:1000]
    else:
        assert data.startswith(MAGIC[fmt])
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"plot.{fmt}"]  # no temp file left


def test_upper_case_extension_is_accepted(fig, tmp_path: Path) -> None:
    assert output.save(fig, tmp_path / "PLOT.PNG").read_bytes().startswith(MAGIC["png"])


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_saving_twice_gives_identical_bytes(tmp_path: Path, fmt: str) -> None:
    fig = actplot.plot(["relu", "tanh"], second=True)
    output.save(fig, tmp_path / "first.pdf", dpi=72)  # an earlier draw must not matter
    a = output.save(fig, tmp_path / f"a.{fmt}").read_bytes()
    b = output.save(fig, tmp_path / f"b.{fmt}").read_bytes()
    again = actplot.plot(["relu", "tanh"], second=True)
    assert a == b == output.save(again, tmp_path / f"c.{fmt}").read_bytes()


def test_no_dates_or_versions_in_the_files(fig, tmp_path: Path) -> None:
    png = output.save(fig, tmp_path / "a.png").read_bytes()
    assert b"Software" not in png and b"tIME" not in png
    svg = output.save(fig, tmp_path / "a.svg").read_bytes()
    assert b"<dc:date>" not in svg
    pdf = output.save(fig, tmp_path / "a.pdf").read_bytes()
    assert b"/CreationDate" not in pdf and b"/ModDate" not in pdf


def test_dpi_and_size_set_the_png_pixels(tmp_path: Path) -> None:
    small = actplot.plot("relu", size=(4, 3), saturation=False)
    assert png_size(output.save(small, tmp_path / "a.png", dpi=50).read_bytes()) == (200, 150)
    default = actplot.plot("relu")
    assert png_size(output.save(default, tmp_path / "b.png").read_bytes()) == (1200, 900)


@pytest.mark.parametrize("name", ["plot.bmp", "plot", "plot.png.txt"])
def test_unknown_extension_is_refused_listing_the_supported(fig, tmp_path: Path, name: str) -> None:
    with pytest.raises(actplot.OutputError, match=r"\.png, \.svg, \.pdf"):
        output.save(fig, tmp_path / name)
    assert list(tmp_path.iterdir()) == []


def test_missing_folder_and_folder_as_file_are_errors(fig, tmp_path: Path) -> None:
    missing = tmp_path / "missing"
    with pytest.raises(actplot.OutputError, match=f"folder '{missing}' does not exist"):
        output.save(fig, missing / "plot.png")
    assert not missing.exists()  # never created
    (tmp_path / "dir.png").mkdir()
    with pytest.raises(actplot.OutputError, match="it is a folder"):
        output.save(fig, tmp_path / "dir.png")
    (tmp_path / "file").write_text("x")
    with pytest.raises(actplot.OutputError, match="'.*file' is a file, not a folder"):
        output.save(fig, tmp_path / "file" / "plot.png")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dir.png", "file"]


def test_check_path_refuses_what_save_would_and_writes_nothing(tmp_path: Path) -> None:
    assert output.check_path(tmp_path / "a.PDF") == (tmp_path / "a.PDF", "pdf")
    for bad in (
        tmp_path / "a.bmp",
        tmp_path / "missing" / "a.png",
        tmp_path / ("a" * 300 + ".png"),
    ):
        with pytest.raises(actplot.OutputError, match=f"^cannot write '{tmp_path}"):
            output.check_path(bad)
    assert list(tmp_path.iterdir()) == []


def test_bad_dpi_is_refused(fig, tmp_path: Path) -> None:
    for dpi in (0, 9.9, 2401, float("nan")):
        with pytest.raises(actplot.ParameterError, match="^dpi must be"):
            output.save(fig, tmp_path / "a.png", dpi=dpi)
    with pytest.raises(actplot.ParameterError, match=r"^dpi must be >= 10 and <= 2400, not 0$"):
        output.check_dpi(0)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_leaves_nothing_behind_and_keeps_the_old_file(
    fig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "plot.png"
    target.write_bytes(b"old")

    def broken(fh, **kwargs):
        fh.write(b"half a file")
        raise RuntimeError("renderer failed")

    monkeypatch.setattr(fig, "savefig", broken)
    with pytest.raises(RuntimeError, match="renderer failed"):
        output.save(fig, target)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["plot.png"]


def test_ctrl_c_while_drawing_leaves_nothing_behind(
    fig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(fh, **kwargs):
        fh.write(b"half a file")
        raise KeyboardInterrupt

    monkeypatch.setattr(fig, "savefig", interrupted)
    with pytest.raises(KeyboardInterrupt):
        output.save(fig, tmp_path / "plot.png")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_the_gallery_encoding_is_the_saved_file(fig, tmp_path: Path, fmt: str) -> None:
    saved = output.save(fig, tmp_path / f"a.{fmt}", dpi=60).read_bytes()
    assert output.figure_bytes(fig, fmt, 60) == saved


def test_a_disk_error_becomes_an_output_error(
    fig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fh, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fig, "savefig", full)
    with pytest.raises(actplot.OutputError, match="No space left"):
        output.save(fig, tmp_path / "plot.svg")
    assert list(tmp_path.iterdir()) == []


def test_new_files_get_the_usual_permissions_and_old_ones_keep_theirs(fig, tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        new = output.save(fig, tmp_path / "new.png")
        assert new.stat().st_mode & 0o777 == 0o644  # not mkstemp's 0600
        old = tmp_path / "old.png"
        old.write_bytes(b"")
        old.chmod(0o600)
        output.save(fig, old)
        assert old.stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(umask)
