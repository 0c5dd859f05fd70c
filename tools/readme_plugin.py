"""Write the README's example plugin (the ``eswish`` package of its "Plugins" section) as a
package folder that pip can install:

    python tools/readme_plugin.py DIR && pip install DIR

The README is the one source: its TOML block becomes DIR/pyproject.toml and its Python block
DIR/actplot_eswish.py, character for character, so what a reader copies is what the tests
(tests/test_plugins.py) and CI (.ci/run, which runs the whole suite with it installed) use.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
SECTION = "### Plugins"
MODULE = "actplot_eswish"


def blocks(readme: Path = README) -> dict[str, str]:
    """``{"toml": ..., "python": ...}``: the first block of each language in the section."""
    text = readme.read_text(encoding="utf-8")
    start = text.index(SECTION)
    end = text.find("\n## ", start)
    section = text[start : end if end >= 0 else len(text)]
    found: dict[str, str] = {}
    for lang, body in re.findall(r"^```(\w+)\n(.*?)^```$", section, re.M | re.S):
        found.setdefault(lang, body)
    missing = {"toml", "python"} - set(found)
    if missing:
        raise ValueError(f"{readme}: no {' or '.join(sorted(missing))} block under {SECTION!r}")
    return found


def write(folder: Path, readme: Path = README) -> Path:
    """Write the plugin package into `folder` (created if needed); returns `folder`."""
    code = blocks(readme)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pyproject.toml").write_text(code["toml"], encoding="utf-8")
    (folder / f"{MODULE}.py").write_text(code["python"], encoding="utf-8")
    return folder


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python tools/readme_plugin.py DIR", file=sys.stderr)
        return 2
    print(write(Path(argv[0])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
