"""The one atomic writer: every file actplot writes goes through here (figures of ``show``,
``gradflow``, ``train`` and the API, gallery images and indexes, ``table -o``, the cache).

Whole file or nothing: the bytes go to a temporary file in the destination folder, which
then replaces the destination with :func:`os.replace` (atomic within one file system); on
any failure, Ctrl-C included, the temporary file is removed and the destination is left as
it was. A missing folder is an error naming it and is never created. Every failure is one
:class:`~actplot.errors.OutputError`, ``cannot write 'PATH': REASON``.

The temporary name has a fixed length (``.actplot-XXXXXXXX.tmp``, 21 characters) whatever
the target's, so every name the file system accepts can be written. A new file gets the
permissions a plain ``open(path, "w")`` gives (0o666 less the umask), a replaced one keeps
its own; a symbolic link at the target is replaced, never followed.

:func:`check` is what commands call before any work: it runs every test the write itself
would fail, down to creating (and removing) the temporary file.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from actplot.errors import OutputError

TEMP_PREFIX, TEMP_SUFFIX = ".actplot-", ".tmp"
DEFAULT_NAME_MAX = 255  # when the file system does not say (no pathconf on Windows)
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
_ATTEMPTS = 100  # random names tried before giving up (a clash is a 1 in 4e9 event)

PathLike = str | os.PathLike[str]


def check(path: PathLike) -> Path:
    """`path` if a file can be written there, else an OutputError saying why: the folder
    exists and is a folder, the name fits the file system, the target is not a folder or
    a special file, and a file can be created in the folder."""
    p = Path(path)
    _check_target(p)
    with _temporary(p.parent, p):
        pass  # created and removed: what no permission bit or mount flag can promise
    return p


def make_folder(path: PathLike) -> Path:
    """`path` as a folder files can be written in, created when missing (its parent is not:
    a missing parent is an error naming it).

    An existing folder is checked by its permissions and mount flags, not by creating a
    file in it as :func:`check` does: a gallery that is up to date must leave its folder's
    time stamp alone."""
    p = Path(path)
    _check_name(p)  # first: stat() of a name too long fails without saying which part
    try:
        st = os.stat(p)
    except (FileNotFoundError, NotADirectoryError):
        _check_folder(p, p.parent)  # names a missing parent, or a file in the way
        try:
            os.mkdir(p)  # 0o777 less the umask, as mkdir(1)
            return p
        except FileExistsError:
            st = os.stat(p)  # made meanwhile by someone else: checked like any folder
        except OSError as exc:
            raise _error(p, f"cannot create the folder ({_why(exc)})") from None
    except OSError as exc:
        raise _error(p, _why(exc)) from None
    if not stat.S_ISDIR(st.st_mode):
        raise _error(p, "it is a file, not a folder")
    if (why := _unwritable(p)) is not None:
        raise _error(p, f"cannot create a file in folder {str(p)!r} ({why})")
    return p


def _unwritable(folder: Path) -> str | None:
    """Why no file can be created in the existing `folder`, as far as can be told without
    creating one; None when nothing says it cannot."""
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return "Read-only file system"
    except (OSError, AttributeError):
        pass  # no statvfs (Windows): the permissions alone
    effective = os.access in os.supports_effective_ids
    if not os.access(folder, os.W_OK | os.X_OK, effective_ids=effective):
        return "Permission denied"
    return None


@contextmanager
def replacing(path: PathLike) -> Iterator[BinaryIO]:
    """A binary file to write the new content of `path` into: when the block ends normally
    it replaces `path` whole; when it raises, it is removed and `path` is untouched. An
    OSError inside the block (a full disk) becomes an OutputError."""
    p = Path(path)
    _check_target(p)
    with _temporary(p.parent, p) as temp:
        try:
            yield temp.file
            temp.file.close()
            _set_mode(temp.path, p)
            os.replace(temp.path, p)
            temp.moved = True
        except OSError as exc:
            raise _error(p, _why(exc)) from None


def write_bytes(path: PathLike, data: bytes) -> Path:
    """Write `data` to `path` atomically; returns the path."""
    with replacing(path) as fh:
        fh.write(data)
    return Path(path)


def write_text(path: PathLike, text: str) -> Path:
    """Write `text` to `path` atomically as UTF-8, newlines as given."""
    return write_bytes(path, text.encode("utf-8"))


def write_if_changed(path: PathLike, data: bytes) -> bool:
    """Write `data` to `path` atomically unless the file already holds exactly `data`
    (an up-to-date file keeps its time stamp); whether it was written."""
    p = Path(path)
    try:
        if p.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise _error(p, _why(exc)) from None
    write_bytes(p, data)
    return True


def _check_target(p: Path) -> None:
    """Everything about `p` that can be told without writing."""
    if p.name in ("", ".", ".."):
        raise _error(p, "it is not a file name")
    _check_folder(p, p.parent)
    _check_name(p)
    try:
        st = os.lstat(p)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise _error(p, _why(exc)) from None
    if stat.S_ISDIR(st.st_mode):
        raise _error(p, "it is a folder")
    if not (stat.S_ISREG(st.st_mode) or stat.S_ISLNK(st.st_mode)):
        raise _error(p, "it is not a regular file")


def _check_folder(p: Path, folder: Path) -> None:
    """The folder `p` goes in exists and is a folder; the error names it, or the file in
    its path that is in the way."""
    try:
        st = os.stat(folder)
    except FileNotFoundError:
        raise _error(p, f"folder {str(folder)!r} does not exist") from None
    except NotADirectoryError:
        raise _error(p, f"{str(_first_file(folder))!r} is a file, not a folder") from None
    except OSError as exc:
        raise _error(p, f"folder {str(folder)!r}: {_why(exc)}") from None
    if not stat.S_ISDIR(st.st_mode):
        raise _error(p, f"{str(folder)!r} is a file, not a folder")


def _first_file(folder: Path) -> Path:
    """The first part of `folder`'s path that exists and is not a folder."""
    for part in (*reversed(folder.parents), folder):
        if part.exists() and not part.is_dir():
            return part
    return folder


def _check_name(p: Path) -> None:
    try:
        size = len(os.fsencode(p.name))
    except UnicodeError:
        raise _error(p, "the name cannot be encoded for the file system") from None
    limit = name_max(p.parent)
    if size > limit:
        raise _error(p, f"the name is {size} bytes long, the file system allows {limit}")


def name_max(folder: Path) -> int:
    """The longest file name (in bytes) the file system of `folder` accepts."""
    try:
        return int(os.pathconf(folder, "PC_NAME_MAX"))
    except (OSError, ValueError, AttributeError):
        return DEFAULT_NAME_MAX


class _Temporary:
    """A temporary file beside the target: its path, the open file, and whether it has
    been moved over the target (then it is no longer ours to remove)."""

    def __init__(self, path: Path, file: BinaryIO) -> None:
        self.path, self.file, self.moved = path, file, False


_IN_FLIGHT: set[Path] = set()  # this process's temporary files not yet moved or removed


def remove_temporaries() -> None:
    """Remove this process's temporary files (for a signal handler about to exit: the
    targets keep their old contents). Safe to call at any point."""
    for path in list(_IN_FLIGHT):
        with contextlib.suppress(OSError):
            path.unlink()
        _IN_FLIGHT.discard(path)


@contextmanager
def _temporary(folder: Path, target: Path) -> Iterator[_Temporary]:
    """A new, empty temporary file in `folder`, open for writing, removed at the end unless
    moved. Created inside the error handling: a folder that takes no new files is an
    OutputError about `target`, not a traceback."""
    path: Path | None = None
    temp: _Temporary | None = None
    try:
        for _ in range(_ATTEMPTS):
            path = folder / f"{TEMP_PREFIX}{os.urandom(4).hex()}{TEMP_SUFFIX}"
            try:
                fd = os.open(path, _CREATE, 0o666)  # the umask applies, as for open()
                _IN_FLIGHT.add(path)
                break
            except FileExistsError:
                path = None  # another writer's: never ours to remove
            except OSError as exc:
                path = None
                where = f"cannot create a file in folder {str(folder)!r} ({_why(exc)})"
                raise _error(target, where) from None
        else:
            raise _error(target, f"no free temporary name in folder {str(folder)!r}")
        with os.fdopen(fd, "wb") as fh:
            temp = _Temporary(path, fh)
            yield temp
    finally:
        if path is not None:
            _IN_FLIGHT.discard(path)
        if path is not None and not (temp is not None and temp.moved):
            with contextlib.suppress(OSError):
                path.unlink()


def _set_mode(tmp: Path, p: Path) -> None:
    """Give `tmp` the permissions of the file it replaces (a new one has open()'s)."""
    try:
        mode = os.stat(p).st_mode & 0o7777
    except OSError:
        return
    os.chmod(tmp, mode)


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__


def _error(p: Path, reason: str) -> OutputError:
    return OutputError(f"cannot write {str(p)!r}: {reason}")
