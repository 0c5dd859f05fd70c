"""The rich layout of an ``actplot info`` card, shared by the one-input card (in
:mod:`actplot.cli.info_cmd`) and the gated one (:mod:`actplot.render.gated_card`): a
two-column grid of labelled rows under magenta section titles, in a titled panel."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

FRAMEWORKS = {"torch": "PyTorch", "jax": "JAX", "keras": "Keras"}


class CardGrid:
    """Rows of (label, value) in a rich grid; :meth:`panel` frames it with the card's title."""

    def __init__(self) -> None:
        from rich.table import Table

        self.grid = Table.grid(padding=(0, 2))
        self.grid.add_column(style="bold cyan", no_wrap=True)
        self.grid.add_column()

    def section(self, title: str) -> None:
        from rich.text import Text

        self.grid.add_row(Text(title, style="bold magenta"), "")

    def row(self, label: str, value: str, style: str = "") -> None:
        from rich.text import Text

        self.grid.add_row(Text(label), Text(value, style=style))

    def parameters(self, params: Sequence[Mapping[str, Any]]) -> None:
        """The parameters section: value, meaning, the default when changed, what it accepts."""
        if not params:
            return
        self.section("parameters")
        for p in params:
            changed = "" if p["value"] == p["default"] else f" (default {p['default']})"
            self.row(f"{p['name']} = {p['value']}", f"{p['doc']}{changed}; accepts {p['accepts']}")

    def frameworks(self, card: Mapping[str, Any]) -> None:
        """Each framework's name for the function, and how they differ."""
        names = [f"{FRAMEWORKS.get(k, k)}: {v or '—'}" for k, v in card["frameworks"].items()]
        self.row("frameworks", " · ".join(names) or "—")
        if card["framework_notes"]:
            self.row("they differ", card["framework_notes"])

    def use(self, card: Mapping[str, Any]) -> None:
        """The closing section: reference, pros, cons and use."""
        self.section("use")
        self.row("reference", card["reference"])
        for pro in card["pros"]:
            self.row("pro", pro, "green")
        for con in card["cons"]:
            self.row("con", con, "red")
        self.row("use", card["use"])

    def panel(self, card: Mapping[str, Any]) -> Any:
        """The grid in a panel titled with the label, the family and the aliases."""
        from rich.console import Group
        from rich.panel import Panel
        from rich.text import Text

        aliases = f"  aliases: {', '.join(card['aliases'])}" if card["aliases"] else ""
        title = Text(f"{card['label']} — {card['family_name']}{aliases}", style="bold")
        return Panel(Group(self.grid), title=title, title_align="left", expand=False)
