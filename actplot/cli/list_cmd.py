"""`actplot list`: the canonical names with their family and aliases."""

from __future__ import annotations

import json
from enum import Enum
from typing import Annotated

import typer

from actplot import registry
from actplot.cli import completion
from actplot.cli._shared import console


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
) -> None:
    """List every activation with its family and aliases."""
    rows = registry.catalogue(family)
    if format is ListFormat.json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    elif format is ListFormat.plain:
        typer.echo("\n".join(row["name"] for row in rows))
    else:
        from rich.table import Table

        table = Table("name", "family", "aliases", "parameters", title=f"{len(rows)} activations")
        for row in rows:
            params = ", ".join(f"{k}={v}" for k, v in row["params"].items())
            table.add_row(row["name"], row["family"], ", ".join(row["aliases"]), params)
        console().print(table)
