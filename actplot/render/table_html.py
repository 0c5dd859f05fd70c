"""The property table as one standalone HTML page, for blogs and course pages.

Self-contained: no script, font, style sheet or image is fetched; each formula is drawn by
matplotlib's mathtext (the renderer of the figures) as an inline SVG of glyph outlines, with
the Unicode formula as its accessible name. The page follows the reader's light or dark
preference; the SVGs draw in the text colour.
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
        svg = formula_svg(f, f"f{i}").replace(
            'role="img" ', f'role="img" aria-label="{html.escape(to_unicode(f))}" ', 1
        )
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
    title = f"{len(rows)} activation{'s' if len(rows) != 1 else ''}"
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            '<head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>actplot table: {title}</title>",
            f"<style>{STYLE}</style></head>",
            "<body>",
            '<div class="scroll"><table>',
            f"<caption>{title}</caption>",
            "<thead><tr>" + "".join(head) + "</tr></thead>",
            "<tbody>",
            *body,
            "</tbody>",
            "</table></div>",
            "<dl>" + "".join(key) + "</dl>",
            "</body>",
            "</html>",
        ]
    )
