"""The `actplot` Typer application: registers the commands and maps library errors.

Each command lives in its own module and imports heavy libraries (matplotlib, scipy) inside
its body, so ``actplot --help`` and ``actplot list`` stay fast. The console script goes one
step further: ``actplot table ...`` builds an application holding only the command named
(typer builds every registered command's parameters on each run, importing their modules);
``app`` itself, for ``actplot --help``, completion and the tests, holds all of them.

Interruptions are mapped here, once: Ctrl-C (SIGINT) ends any command with one line,
"actplot: interrupted", and exit code 130, no traceback; SIGTERM unwinds the same way (exit
143), so that a command's cleanup (the gallery stopping its workers) runs. Messages are
printed with control characters escaped: text from a file or a plugin cannot drive the
terminal.
"""

from __future__ import annotations

import functools
import importlib
import os
import signal
import sys
import time
import unicodedata
from collections.abc import Callable, Sequence
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from actplot.errors import ActplotError

# name → (module, function), in the order of `actplot --help`
COMMANDS = {
    "list": ("actplot.cli.list_cmd", "list_command"),
    "info": ("actplot.cli.info_cmd", "info_command"),
    "show": ("actplot.cli.show_cmd", "show_command"),
    "table": ("actplot.cli.table_cmd", "table_command"),
    "gallery": ("actplot.cli.gallery_cmd", "gallery_command"),
    "gradflow": ("actplot.cli.gradflow_cmd", "gradflow_command"),
    "train": ("actplot.cli.train_cmd", "train_command"),
    "criticality": ("actplot.cli.criticality_cmd", "criticality_command"),
}


class _OneLineErrors(TyperGroup):
    """Usage errors (a bad option value, a missing argument) as one line, like our own."""

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except typer.TyperException as exc:  # typer's (vendored click's) usage errors
            where = exc.ctx.command_path if getattr(exc, "ctx", None) else "actplot"
            print(
                f"actplot: error: {_one_line(exc.format_message())} (see '{where} --help')",
                file=sys.stderr,
            )
            sys.exit(exc.exit_code)
        except typer.Abort:
            print("actplot: aborted", file=sys.stderr)
            sys.exit(1)
        except KeyboardInterrupt:  # typer maps one inside a command to exit code 130, silently
            code = INTERRUPTED
        if code == INTERRUPTED:  # the one place Ctrl-C is reported
            interrupted()
        sys.exit(code if isinstance(code, int) else 0)


def _one_line(message: str) -> str:
    # typer validates choices with pydantic, whose messages start "Value error, ".
    text = " ".join(message.replace("Value error, ", "").split()) or "error"
    return "".join(
        ch.encode("unicode_escape").decode("ascii")
        if unicodedata.category(ch) in ("Cc", "Cf")
        else ch
        for ch in text
    )


USER_ERROR = 2  # the exit code for bad input, as for a usage error
INTERRUPTED = 130  # 128 + SIGINT, what a shell reports for Ctrl-C
TERMINATED = 128 + signal.SIGTERM
_interrupt_reported = False


def interrupted() -> None:
    """Print "actplot: interrupted" on stderr, once per process."""
    global _interrupt_reported
    if not _interrupt_reported:
        _interrupt_reported = True
        print("actplot: interrupted", file=sys.stderr)


def _no_command(
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", help="Print the version and exit.", is_eager=True)
    ] = False,
) -> None:
    """Bare ``actplot``: the help text and exit code 2, as for a missing command (typer's
    public Context API, not its internal NoArgsIsHelpError). ``--version``: the version."""
    if version:  # the installed distribution's (the facade above this layer says the same)
        from importlib.metadata import version as installed

        typer.echo(f"actplot {installed('actplot')}")
        raise typer.Exit(0)
    if ctx.invoked_subcommand is None:
        if text := ctx.get_help():  # rich help prints itself and returns ""
            typer.echo(text)
        raise typer.Exit(USER_ERROR)


def fail(message: str) -> typer.Exit:
    """Print a one-line error to stderr and return the Exit to raise."""
    print(f"actplot: error: {_one_line(str(message))}", file=sys.stderr)
    return typer.Exit(USER_ERROR)


def _mapped(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Run a command, turning an ActplotError into a one-line message and exit code 2."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except ActplotError as exc:
            raise fail(str(exc)) from None

    return wrapper


def build(names: Sequence[str] | None = None) -> typer.Typer:
    """The application with the commands `names` (None: all of them)."""
    app = typer.Typer(
        cls=_OneLineErrors,
        name="actplot",
        help="Plot, compare and export neural-network activation functions.",
        invoke_without_command=True,
        add_completion=True,  # --install-completion, --show-completion
        pretty_exceptions_enable=False,
        rich_markup_mode="rich",
    )
    app.callback()(_no_command)
    for name in COMMANDS if names is None else names:
        module, function = COMMANDS[name]
        app.command(name)(_mapped(getattr(importlib.import_module(module), function)))
    return app


@functools.cache
def _full() -> typer.Typer:
    return build()


def __getattr__(name: str) -> Any:
    """``app``, with every command, built on first use (PEP 562)."""
    if name == "app":
        return _full()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _named_command(argv: Sequence[str]) -> str | None:
    """The command `argv` runs when it is the first word and nothing needs the others
    (help listing them, an unknown word's suggestions, shell completion)."""
    if any(key.endswith("_COMPLETE") for key in os.environ):
        return None
    words = [a for a in argv if not a.startswith("-")]
    return words[0] if words and words[0] in COMMANDS and argv[0] == words[0] else None


GRACE_SECONDS = 1.0  # after Ctrl-C, the unwinding's time before the process just ends


def _interrupt(signum: int, frame: object) -> None:
    """SIGINT: raise KeyboardInterrupt as Python does, and make sure the process ends within
    :data:`GRACE_SECONDS` even if it lands where Python cannot raise it (a weakref callback,
    a finaliser: see :func:`_unraisable`)."""
    import threading

    def deadline() -> None:
        time.sleep(GRACE_SECONDS)
        _end_interrupted()

    threading.Thread(target=deadline, name="actplot-interrupt", daemon=True).start()
    raise KeyboardInterrupt


def _end_interrupted() -> None:
    """Remove the temporary files, print the one line and exit 130, at once."""
    from actplot.io.atomic import remove_temporaries

    remove_temporaries()
    interrupted()
    sys.stderr.flush()
    os._exit(INTERRUPTED)


def _unraisable(info: Any) -> None:
    """A KeyboardInterrupt raised where Python can only report it ("Exception ignored in"
    a weakref callback) ends the process as Ctrl-C should, without that traceback; any
    other unraisable exception is reported as usual."""
    if info.exc_type is not None and issubclass(info.exc_type, KeyboardInterrupt):
        _end_interrupted()
    sys.__unraisablehook__(info)


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM: unwind like Ctrl-C (``finally`` blocks run), exit code 143."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a second one ends the process at once
    raise SystemExit(TERMINATED)


def main() -> None:
    """Console-script entry point."""
    try:
        signal.signal(signal.SIGTERM, _terminate)
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not if ignored
            signal.signal(signal.SIGINT, _interrupt)
            sys.unraisablehook = _unraisable
        command = _named_command(sys.argv[1:])
        (build([command]) if command else _full())()
    except KeyboardInterrupt:  # while the application is being built
        interrupted()
        sys.exit(INTERRUPTED)
