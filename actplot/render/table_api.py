"""``actplot.table()``: the property table as data, for scripts and notebooks.

The rows are the JSON keys of ``actplot table --format json`` (plain dicts and lists); with
``as_frame=True`` a :class:`pandas.DataFrame` of the flat CSV fields instead, one scalar per
cell (an unbounded or absent value is None, ∞ is ``inf``). A notebook shows either as HTML:
the list of dicts (a :class:`Rows`) as the HTML table of ``actplot table --format html``.
The command and this function gather their rows in one place, :func:`rows`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from actplot.model import REAL, Interval

Note = Callable[[str], None]


def rows(
    names: Sequence[str] | None = None,
    *,
    family: str | None = None,
    sort: str | None = None,
    reverse: bool = False,
    xlim: tuple[float, float] | None = None,
    remeasure: bool = False,
    note: Note | None = None,
) -> list[Any]:
    """The :class:`~actplot.compute.properties.Properties` of `names` (registry names,
    NAME:p=v, formulas; None: the whole registry, or one `family`), from the cache where it
    has them, sorted by the column key `sort`."""
    from actplot import parsing, registry
    from actplot.compute.curves import check_limits
    from actplot.compute.properties import sort_rows
    from actplot.io import cache

    if family is not None:
        registry.check_family(family)
    if sort is not None:
        sort_rows([], sort)  # a bad column fails before any work
    domain = REAL if xlim is None else Interval.closed(*check_limits(tuple(xlim), "x"))
    # The whole registry from a warm cache needs no activation code at all.
    found = None if names or remeasure or xlim else cache.registry_rows(family, note)
    if found is None:
        if names:
            acts = [parsing.parse(n) for n in names]
            if family is not None:
                acts = [a for a in acts if a.spec.family == family]
        else:
            acts = [registry.get(n) for n in registry.names(family)]
        if domain != REAL:  # --xlim restricts the one input x: not a gated unit's (a, b)
            acts = _one_input(acts, bool(names), note)
        acts = list({a.label: a for a in acts}.values())  # an alias never repeats its entry
        found = cache.rows(acts, remeasure, domain, note, skip_broken=not names)
    return found if sort is None else sort_rows(found, sort, reverse)


def _one_input(acts: list[Any], named: bool, note: Note | None) -> list[Any]:
    """`acts` without the gated units: a KindError for one named, a note when the whole
    registry (or a family) is asked for."""
    from actplot.model import require_kind

    gated = [a for a in acts if a.kind == "gated"]
    if gated and named:
        require_kind(gated[0], ("elementwise", "vector"), "table --xlim")
    if gated and note is not None:
        note("--xlim restricts the one input x: the gated units (two inputs) are left out")
    return [a for a in acts if a.kind != "gated"]


def table(
    names: str | Sequence[str] | None = None,
    *,
    columns: str | Sequence[str] | None = None,
    family: str | None = None,
    sort: str | None = None,
    reverse: bool = False,
    xlim: tuple[float, float] | None = None,
    remeasure: bool = False,
    as_frame: bool = False,
) -> Any:
    """The property table of `names` (default: every registered activation) as a list of
    dicts with the JSON keys, or a pandas DataFrame of the flat fields (``as_frame=True``).

    `columns`: the column keys to keep ("name,range,…", a list, or "all"; default all).

    >>> rows = actplot.table(["relu", "tanh"], columns=["range", "zero_centered"])
    >>> [(r["name"], r["range_text"], r["zero_centered"]) for r in rows]
    [('relu', '[0, ∞)', False), ('tanh', '(−1, 1)', True)]
    """
    from actplot.compute.properties import to_json
    from actplot.errors import ActplotError
    from actplot.render.table_columns import COLUMNS, select

    if isinstance(names, str):
        names = [names]
    chosen = select(columns if columns is not None else "all")
    if as_frame:
        try:
            import pandas
        except ImportError:
            raise ActplotError(
                "as_frame=True needs pandas, which is not installed (pip install pandas)"
            ) from None
    found = rows(names, family=family, sort=sort, reverse=reverse, xlim=xlim, remeasure=remeasure)
    if as_frame:
        records = [{k: _scalar(v) for c in chosen for k, v in c.fields(p).items()} for p in found]
        return pandas.DataFrame.from_records(records, columns=_field_names(chosen, found))
    keep = None
    if columns is not None and len(chosen) < len(COLUMNS):
        keep = {"name", "label", "family", "kind", "params", "domain"} | {
            k for c in chosen for k in c.json
        }
    out = [to_json(p) for p in found]
    out = out if keep is None else [{k: v for k, v in r.items() if k in keep} for r in out]
    return Rows(out, found, chosen)


class Rows(list):  # type: ignore[type-arg]
    """``actplot.table()``'s rows: a list of dicts, equal to the plain list, that a notebook
    shows as ``actplot table --format html``'s table (:func:`.table_html.table_fragment`)."""

    def __init__(self, rows: Sequence[Any], found: Sequence[Any], columns: Sequence[Any]) -> None:
        super().__init__(rows)
        self._found = list(found)
        self._keys = [c.key for c in columns]  # (keys: a list of rows pickles, so must this)

    def _repr_html_(self) -> str:
        import uuid

        from actplot.render.table_columns import BY_KEY
        from actplot.render.table_html import table_fragment

        prefix = "t" + uuid.uuid4().hex[:8]  # formula ids unique on the notebook's page
        columns = [BY_KEY[k] for k in self._keys]
        return table_fragment(self._found, columns, prefix=prefix, inline=True)


def _field_names(columns: Sequence[Any], found: Sequence[Any]) -> list[str] | None:
    return list(dict.fromkeys(k for c in columns for k in c.fields(found[0]))) if found else None


def _scalar(v: Any) -> Any:
    """A CSV field as a DataFrame cell: "" is missing (None), "inf" is ∞."""
    if v == "":
        return None
    if isinstance(v, str) and v in ("inf", "-inf"):
        return math.inf if v == "inf" else -math.inf
    return v
