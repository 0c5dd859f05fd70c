"""The property table as one standalone HTML page, for blogs and course pages.

Self-contained: no script, font, style sheet or image is fetched; each formula is drawn by
matplotlib's mathtext (the renderer of the figures) as an inline SVG of glyph outlines, with
the Unicode formula as its accessible name. The page follows the reader's light or dark
preference; the SVGs draw in the text colour.
:func:`table_fragment` is the same table for a notebook cell (``actplot.table()``'s rows),
styled inline.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Sequence

from actplot.compute.properties import Properties
from actplot.render.table_columns import Column, key_lines

FORMULA_PT = 12  # the formulas' size, about the body text's 15 px
STYLE = """
:root { color-scheme: light dark; --rule: #888; --head: #f2f2f2; }
@media (prefers-color-scheme: dark) { :root { --head: #262626; } }
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem; }
div.scroll { overflow-x: auto; }
table { border-collapse: collapse; }
caption { text-align: left; font-weight: 600; padding-bottom: .5rem; }
th, td { padding: .25rem .6rem; text-align: left; vertical-align: middle; white-space: nowrap; }
thead th { background: var(--head); border-top: 2px solid var(--rule);
           border-bottom: 1px solid var(--rule); }
tbody tr:last-child td { border-bottom: 2px solid var(--rule); }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
svg.formula { fill: currentColor; vertical-align: middle; }
dl { display: grid; grid-template-columns: max-content auto; gap: .1rem 1rem; font-size: 90%; }
dt { font-weight: 600; }
"""


def _activation(p: Properties):  # noqa: ANN202 (an Activation)
    from actplot import parsing, registry

    if p.name in registry.names():
        return registry.get(p.name, **p.params)
    return parsing.parse(p.label)


def formula_svg(mathtext: str, ident: str) -> str:
    """`mathtext` as an inline <svg> of glyph outlines, its ids prefixed with `ident` so
    that many on one page never clash."""
    from matplotlib import mathtext as mt
    from matplotlib.font_manager import FontProperties

    buf = io.BytesIO()
    mt.math_to_image(mathtext, buf, prop=FontProperties(size=FORMULA_PT), format="svg", dpi=96)
    svg = buf.getvalue().decode("utf-8")
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r'<g id="patch_1">.*?</g>\s*', "", svg, flags=re.S)  # the white background
    svg = re.sub(r"<!--.*?-->\s*", "", svg, flags=re.S)
    svg = svg.replace('id="', f'id="{ident}-').replace('href="#', f'href="#{ident}-')
    return svg.replace("<svg ", '<svg class="formula" role="img" ', 1)


def render_html(rows: Sequence[Properties], columns: Sequence[Column]) -> str:
    """A standalone page: the table (with a formula column after the name) and its key."""
    title = _title(rows)
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            '<head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>actplot table: {title}</title>",
            f"<style>{STYLE}</style></head>",
            "<body>",
            table_fragment(rows, columns),
            "</body>",
            "</html>",
        ]
    )


def _title(rows: Sequence[Properties]) -> str:
    return f"{len(rows)} activation{'s' if len(rows) != 1 else ''}"


# Inside a page that is not ours (a notebook) the page's STYLE is absent and must not be
# added (a <style> there styles the whole notebook): the few rules that matter go inline.
INLINE_SVG = 'style="fill: currentColor; vertical-align: middle" '
INLINE_KEY = (
    ' style="display: grid; grid-template-columns: max-content auto; gap: .1rem 1rem;'
    ' font-size: 90%"'
)


def table_fragment(
    rows: Sequence[Properties], columns: Sequence[Column], prefix: str = "f", inline: bool = False
) -> str:
    """The table (with a formula column after the name) and its key, as HTML to put in a
    page; with `inline`, styled inline for a page that is not ours (a notebook output),
    the formulas' ids starting with `prefix`."""
    from actplot.render.formula_text import formulas
    from actplot.render.text_math import to_unicode

    def td(c: Column, p: Properties) -> str:
        text = html.escape(c.text(p)).replace("C^∞", "C<sup>∞</sup>")
        return f'<td class="num">{text}</td>' if c.numeric else f"<td>{text}</td>"

    def th(c: Column) -> str:
        title = f' title="{html.escape(c.meaning)}"' if c.meaning else ""
        return f"<th{title}>{html.escape(c.flat_header)}</th>"

    head = [th(columns[0]), "<th>f(x)</th>", *(th(c) for c in columns[1:])]
    body = []
    for i, p in enumerate(rows):
        f = formulas(_activation(p))[0]
        label = f'role="img" aria-label="{html.escape(to_unicode(f))}" '
        svg = formula_svg(f, f"{prefix}{i}").replace('role="img" ', label, 1)
        if inline:
            svg = inline_svg(svg)
        tds = [f"<td>{html.escape(columns[0].text(p))}</td>", f"<td>{svg}</td>"]
        tds += [td(c, p) for c in columns[1:]]
        body.append("<tr>" + "".join(tds) + "</tr>")
    key = []
    for line in key_lines(columns, rows):
        term, sep, meaning = line.partition(": ")
        if sep and len(term) < 24:
            key.append(f"<dt>{html.escape(term)}</dt><dd>{html.escape(meaning)}</dd>")
        else:
            key.append(f"<dt></dt><dd>{html.escape(line)}</dd>")
    return "\n".join(
        [
            '<div class="scroll"><table>'
            if not inline
            else '<div style="overflow-x: auto"><table>',
            f"<caption>{_title(rows)}</caption>",
            "<thead><tr>" + "".join(head) + "</tr></thead>",
            "<tbody>",
            *body,
            "</tbody>",
            "</table></div>",
            f"<dl{INLINE_KEY if inline else ''}>" + "".join(key) + "</dl>",
        ]
    )


def inline_svg(svg: str) -> str:
    """A :func:`formula_svg` for a page that is not ours: coloured like the text around it
    inline, and without its <style> element (whose ``*`` rule would reach the whole page)."""
    svg = re.sub(r'<style type="text/css">.*?</style>\s*', "", svg, count=1, flags=re.S)
    return svg.replace('<svg class="formula" ', '<svg class="formula" ' + INLINE_SVG, 1)
