"""`actplot list`: the canonical names with their family and aliases; ``--names`` the other
frameworks' spellings that resolve too, ``--used-by MODEL`` the activations well-known models
use, with sources."""

from __future__ import annotations

import json
from enum import Enum
from typing import Annotated, Any

import typer

from actplot import registry
from actplot.cli import completion
from actplot.cli._shared import console
from actplot.errors import ParameterError


class ListFormat(str, Enum):
    rich = "rich"
    json = "json"
    plain = "plain"


def list_command(
    family: Annotated[
        str | None,
        typer.Option(
            help=f"Only this family: {', '.join(registry.FAMILIES)}.",
            autocompletion=completion.family,
        ),
    ] = None,
    format: Annotated[ListFormat, typer.Option("--format", "-f", help="Output format.")] = (
        ListFormat.rich
    ),
    names: Annotated[
        bool,
        typer.Option(
            "--names",
            help="List the other frameworks' spellings (PyTorch, JAX, Keras, transformers, "
            "vLLM, timm, ONNX) and what each gives here.",
        ),
    ] = False,
    used_by: Annotated[
        str | None,
        typer.Option(
            "--used-by",
            metavar="MODEL",
            help="Only the activations of models whose name contains MODEL (e.g. llama), "
            "with sources.",
        ),
    ] = None,
) -> None:
    """List every activation with its family and aliases."""
    rows = registry.catalogue(family)
    if used_by is not None:
        _print_uses(_uses(used_by, {r["name"] for r in rows}), format)
    elif names:
        _print_names(_names(rows), format)
    elif format is ListFormat.json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    elif format is ListFormat.plain:
        typer.echo("\n".join(row["name"] for row in rows))
    else:
        from rich.table import Table

        spelled = sum(len(row["framework_names"]) for row in rows)
        table = Table(
            "name",
            "family",
            "aliases",
            "parameters",
            title=f"{len(rows)} activations",
            caption=f"{spelled} more spellings from other frameworks: actplot list --names",
        )
        for row in rows:
            params = ", ".join(f"{k}={v}" for k, v in row["params"].items())
            table.add_row(row["name"], row["family"], ", ".join(row["aliases"]), params)
        console().print(table)


def _names(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every framework spelling about the listed activations, each entry once."""
    seen: set[tuple[str, str]] = set()
    out = []
    for row in rows:
        for entry in registry.framework_names(row["name"]):
            key = (entry["name"], ",".join(entry["ecosystems"]))
            if key not in seen:
                seen.add(key)
                out.append(entry)
    return out


def _print_names(entries: list[dict[str, Any]], format: ListFormat) -> None:
    if format is ListFormat.json:
        typer.echo(json.dumps(entries, indent=2, ensure_ascii=False))
        return
    if format is ListFormat.plain:
        typer.echo("\n".join(dict.fromkeys(e["name"] for e in entries)))
        return
    from rich.table import Table

    table = Table(
        "spelling",
        "in",
        "gives here",
        title=f"{len(entries)} framework spellings",
        caption="* means something else there: actplot info NAME says what",
    )
    for e in sorted(entries, key=lambda e: (registry.normalize(e["name"]), e["ecosystems"])):
        mark = " *" if e["differs"] else ""
        table.add_row(e["name"], ", ".join(e["ecosystems"]), e["here"] + mark)
    console().print(table)


def _uses(model: str, listed: set[str]) -> list[dict[str, Any]]:
    """The uses by models matching `model` of the listed activations; a one-line error naming
    the known models when none matches."""
    uses = registry.used_by(model=model)
    if not uses:
        known = ", ".join(registry.models())
        raise ParameterError(f"no known model matches {model!r}; known: {known}")
    return [u for u in uses if u["activation"] in listed]


def _print_uses(uses: list[dict[str, Any]], format: ListFormat) -> None:
    if format is ListFormat.json:
        typer.echo(json.dumps(uses, indent=2, ensure_ascii=False))
        return
    if format is ListFormat.plain:
        typer.echo("\n".join(f"{u['model']}\t{u['text']}" for u in uses))
        return
    from rich.table import Table

    table = Table("model", "activation", title=f"{len(uses)} uses")
    table.add_column("source", overflow="fold")
    for u in uses:
        table.add_row(u["model"], u["text"], u["source"])
    console().print(table)
