"""The committed gallery/ folder is in step with the registry (no images are drawn here).

It covers the built-ins: it is generated without plugins, so an installed one is left out.

When this fails, regenerate the gallery: ``actplot gallery -o gallery --clean``.
"""

from __future__ import annotations

import re
from pathlib import Path

from actplot import registry
from actplot.render.gallery import (
    HTML_INDEX,
    MANIFEST,
    MD_INDEXES,
    digest,
    read_manifest,
    stale_images,
)
from actplot.render.gallery_index import markdown
from actplot.render.gallery_jobs import OVERVIEW_DIR, SHEET_STEM, family_stem
from actplot.render.gallery_props import properties

GALLERY = Path(__file__).resolve().parent.parent / "gallery"
BUILTIN = registry.builtin_names()  # gallery/ is made without plugins
FIX = "regenerate it with `actplot gallery -o gallery --clean`"


def test_one_image_per_registered_activation() -> None:
    stems = {p.stem for p in GALLERY.glob("*.png")}
    missing = sorted(set(BUILTIN) - stems)
    stale = sorted(stems - set(BUILTIN))
    assert not missing, f"gallery/ lacks {missing}: {FIX}"
    assert not stale, f"gallery/ has images of names not in the registry {stale}: {FIX}"
    assert not stale_images(GALLERY), FIX


def test_overviews_cover_every_family() -> None:
    found = {p.stem for p in (GALLERY / OVERVIEW_DIR).glob("*.png")}
    expected = {SHEET_STEM} | {family_stem(k) for k in registry.FAMILIES if registry.names(k)}
    assert found == expected, FIX


def test_readme_links_every_name_and_only_those() -> None:
    readme = (GALLERY / "README.md").read_text(encoding="utf-8")
    linked = set(re.findall(r"\]\(([a-z0-9_]+)\.png\)", readme))
    assert linked == set(BUILTIN), FIX
    for name in MD_INDEXES:
        assert (GALLERY / name).read_text(encoding="utf-8") == readme, FIX
    page = (GALLERY / HTML_INDEX).read_text(encoding="utf-8")
    assert set(re.findall(r'<img src="([a-z0-9_]+)\.png"', page)) == set(BUILTIN), FIX


def test_index_text_is_current() -> None:
    """Formulas and caption properties in the index match the registry as it is now."""
    names = BUILTIN
    props = {name: properties(name) for name in names}
    assert (GALLERY / "README.md").read_text(encoding="utf-8") == markdown(names, props, "png"), FIX


def test_the_manifest_lists_every_file_and_its_bytes() -> None:
    """gallery/ owns exactly its files, so that `--clean` may update and tidy it."""
    owned, note = read_manifest(GALLERY)
    assert note is None and owned, f"gallery/{MANIFEST} is missing or unreadable: {FIX}"
    files = {p.relative_to(GALLERY).as_posix() for p in GALLERY.rglob("*") if p.is_file()}
    assert set(owned) == files - {MANIFEST}, FIX
    changed = sorted(name for name, sha in owned.items() if sha != digest(GALLERY / name))
    assert not changed, f"changed since generated: {changed}: {FIX}"
