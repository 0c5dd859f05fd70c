"""`actplot show ... -o page.html`: the data (actplot's own values, exactly as the readout
prints them), the size, no reference to the network, and the page in a real headless
Chromium (Selenium + chromedriver): no request and no console error, a slider that redraws
with actplot's values for the new parameter, the readout, toggles, light and dark.

The browser tests skip when Chromium, chromedriver or Selenium are missing, unless CI=true
(.ci/run installs Debian's chromium and chromium-driver), where they fail instead.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
from pathlib import Path

import numpy as np
import pytest

import actplot
from actplot import registry
from actplot.compute import regions as rg
from actplot.errors import KindError
from actplot.render import figure, gallery, web_data, web_page
from actplot.render.options import PlotOptions

ROOT = Path(__file__).resolve().parents[1]
ASSETS = ROOT / "actplot" / "render" / "assets"
THREE = ["leaky_relu", "elu", "softplus"]  # three functions with four parameters
UPLOT_BANNER = "/*! https://github.com/leeoniya/uPlot (v1.6.32) */"
MB = 1_000_000


def page(names, **options) -> str:
    return web_page.page_html(figure.resolve(names), PlotOptions(**options))


def data_of(html: str) -> dict:
    found = re.search(
        r'<script id="actplot-data" type="application/json">(.*?)</script>', html, re.S
    )
    assert found
    return json.loads(found.group(1))


def decoded(entry: dict) -> np.ndarray:
    dtype = {"f4": "<f4", "f8": "<f8"}[entry["t"]]
    return np.frombuffer(base64.b64decode(entry["b"]), dtype=dtype).astype(np.float64)


def curve_x(data: dict, curve: dict) -> np.ndarray:
    base = np.frombuffer(base64.b64decode(data["x"]), "<f8")
    extra = np.frombuffer(base64.b64decode(curve["extra"]), "<f8") if curve["extra"] else []
    return np.union1d(base, extra)


def six(values: np.ndarray) -> np.ndarray:
    return np.array([float(f"{v:.6g}") for v in np.asarray(values, dtype=np.float64)])


def assert_curve_is(act, data: dict, curve: dict) -> None:
    """The stored curve is act's profile, rounded to the readout's 6 digits, wherever it is
    drawn (the breaks at jumps are nan; values beyond ±1e15 are clipped for drawing)."""
    x = curve_x(data, curve)
    for k, order in enumerate(data["orders"]):
        stored = decoded(curve["y"][k])
        with np.errstate(all="ignore"):
            want = six(np.clip(act.profile(x, order).astype(np.float64), -1e15, 1e15))
        drawn = ~np.isnan(stored)
        assert drawn.mean() > 0.95
        np.testing.assert_array_equal(
            stored[drawn].astype(np.float32), want[drawn].astype(np.float32)
        )


# ---- the data -------------------------------------------------------------------------------
ONE_INPUT = [n for n in registry.names() if registry.spec(n).kind != "gated"]


@pytest.mark.parametrize("name", ONE_INPUT)
def test_every_curve_is_the_kernels_values_for_its_bound_parameters(name: str) -> None:
    act = actplot.get(name)
    data = data_of(page([name], saturation=False, second=True))
    (fn,) = data["functions"]
    assert data["orders"] == [0, 1, 2]
    assert_curve_is(act, data, fn["base"])
    params = [p.name for p in act.spec.params if p.numeric]
    assert [s["name"] for s in fn["sliders"]] == params
    for slider in fn["sliders"]:
        assert len(slider["values"]) >= 3 and slider["values"] == sorted(slider["values"])
        assert slider["values"][slider["start"]] == pytest.approx(act.params[slider["name"]])
        for value, curve in zip(slider["values"], slider["variants"], strict=True):
            bound = act.spec.bind(**{**act.params, slider["name"]: value})
            assert_curve_is(bound, data, fn["base"] if curve is None else curve)


def test_the_readout_values_are_exact_to_the_digits_shown() -> None:
    """At every grid point the 6 digits printed from the stored float32 (or a stored text)
    are those of actplot's own value there."""
    data = data_of(page(["relu6", "hardtanh", "elu"], saturation=False))
    x = np.frombuffer(base64.b64decode(data["x"]), "<f8")
    assert data["xtext"] == [web_data.number_text(v) for v in x]
    groups = figure.resolve(["relu6", "hardtanh", "elu"])
    for fn, (act,) in zip(data["functions"], groups, strict=True):
        curve = fn["base"]
        cx = curve_x(data, curve)
        at = np.searchsorted(cx, x)
        fixes = {row[0]: row[1:] for row in curve["fix"]}
        for k, order in enumerate(data["orders"]):
            stored = decoded(curve["y"][k])[at]
            printed = [
                fixes[i][k] if i in fixes and fixes[i][k] is not None else web_data.number_text(v)
                for i, v in enumerate(stored.astype(np.float32).astype(np.float64))
            ]
            want = [web_data.number_text(v) for v in act.profile(x, order)]
            assert printed == want
    assert any(fn["base"]["fix"] for fn in data["functions"])  # relu6's jump of f′ at 6


def test_regions_are_actplots_at_every_threshold_offered() -> None:
    acts = figure.resolve(["tanh", "relu", "softplus:beta=2"])
    data = data_of(web_page.page_html(acts, PlotOptions(threshold=0.04)))
    assert data["thresholds"] == sorted({*web_data.THRESHOLDS, 0.04})
    assert data["thresholds"][data["threshold"]] == 0.04
    lo, hi = data["xlim"]
    for fn, (act,) in zip(data["functions"], acts, strict=True):
        for t, (sat, dead, _) in zip(data["thresholds"], fn["base"]["regions"], strict=True):
            shown = rg.regions(act, t).within(lo, hi)
            whole = [[r.lo, r.hi] for r in shown.saturated if not (r.lo <= lo and r.hi >= hi)]
            assert sat == whole
            assert dead == [[r.lo, r.hi] for r in shown.dead if not (r.lo <= lo and r.hi >= hi)]
    relu_dead = data["functions"][1]["base"]["regions"][0][1]
    assert relu_dead == [[lo, 0.0]]


def test_a_parameter_grid_curve_has_its_own_regions() -> None:
    data = data_of(page(["softplus"]))
    slider = next(s for s in data["functions"][0]["sliders"] if s["name"] == "beta")
    i = slider["values"].index(2.0)
    bound = actplot.get("softplus", beta=2.0)
    t = data["thresholds"][data["threshold"]]
    onset = rg.regions(bound, t).left
    assert slider["variants"][i]["regions"][data["threshold"]][0] == [[data["xlim"][0], onset]]


@pytest.mark.parametrize("second", [False, True])
def test_three_functions_with_parameters_fit_in_a_megabyte(second: bool) -> None:
    html = page(THREE, second=second)
    data = data_of(html)
    assert len(html.encode()) <= MB
    assert sum(len(f["sliders"]) for f in data["functions"]) == 4
    sliders = [s for f in data["functions"] for s in f["sliders"]]
    assert all(len(s["values"]) >= web_data.MIN_STEPS for s in sliders)


def test_the_page_references_nothing_on_the_network() -> None:
    html = page(THREE, title="a </script> title")
    assert html.count(UPLOT_BANNER) == 1  # the vendored file's licence banner, a comment
    rest = html.replace(UPLOT_BANNER, "")
    for bad in ("http://", "https://", "//cdn", "src=", "href=", "url(", "@import", "fetch(",
                "XMLHttpRequest", "WebSocket", "import(", "<link", "<iframe"):  # fmt: skip
        assert bad not in rest, bad
    assert "default-src 'none'" in html  # and the page's policy forbids any fetch
    assert html.count("</script>") == 3  # the data cannot end its script element early


def test_the_bytes_depend_only_on_the_functions_and_options() -> None:
    assert page(["gelu", "silu"]) == page(["gelu", "silu"])


def test_the_vendored_library_is_the_one_recorded() -> None:
    readme = (ASSETS / "README.md").read_text()
    for name in ("uPlot.iife.min.js", "uPlot.min.css"):
        digest = hashlib.sha256((ASSETS / name).read_bytes()).hexdigest()
        assert f"{digest}  {name}" in readme
    assert "MIT License" in (ASSETS / "uPlot.LICENSE").read_text()
    assert "1.6.32" in (ASSETS / "uPlot.iife.min.js").read_text()[:80]


def test_a_gated_activation_is_refused_with_one_line(cli) -> None:
    class Gated:
        kind, label = "gated", "swiglu"

    with pytest.raises(KindError, match="^swiglu is a gated activation: gated activations are not"):
        web_data.check_kind(Gated())
    gated = [n for n in registry.names() if registry.spec(n).kind == "gated"]
    if gated:
        result = cli("show", gated[0], "-o", "never.html")
        assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
        assert not Path("never.html").exists()


def test_show_writes_pages_with_the_options(cli, tmp_path: Path) -> None:
    out = tmp_path / "page.html"
    args = ["show", "gelu", "x*sigmoid(a*x):a=1.5", "--sweep", "elu:alpha=0.5,1,2", "--second"]
    result = cli(*args, "--theme", "dark", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stderr == f"wrote {out}\n"
    data = data_of(out.read_text())
    assert data["theme"] == "dark" and data["orders"] == [0, 1, 2] and data["panels"]["2"]
    names = [f["name"] for f in data["functions"]]
    assert names == ["gelu", "x*sigmoid(a*x)", "elu", "elu", "elu"]
    assert data["functions"][1]["sliders"][0]["name"] == "a"  # a formula's parameter
    assert [f["group"] for f in data["functions"]] == [0, 1, 2, 2, 2]
    sweep = [f["color"]["dark"] for f in data["functions"][2:]]
    assert len(set(sweep)) == 3  # shades of one colour, as in the figure
    result = cli("show", "relu", "--no-saturation", "--no-derivative", "-o", str(out))
    data = data_of(out.read_text())
    assert data["theme"] is None  # no --theme: the reader's system preference
    assert data["thresholds"] == [] and data["orders"] == [0, 1] and not data["panels"]["1"]


def test_the_gallery_links_a_page_per_family(tmp_path: Path) -> None:
    from actplot.render import gallery_index, gallery_jobs

    names = ["relu", "elu", "tanh"]
    jobs = gallery.plan_jobs(tmp_path, names, names, "png", 100, "dark")
    pages = {j.key: j for j in jobs if j.kind == "page"}
    assert set(pages) == {"relu", "sigmoid"}
    assert pages["relu"].path == str(tmp_path / "overview" / "family_relu.html")
    data = data_of(gallery_jobs._family_page(pages["relu"]).decode())
    assert [f["name"] for f in data["functions"]] == ["relu", "elu"] and data["theme"] == "dark"
    assert data["clip"] and data["thresholds"] and not data["saturation"]  # shaded on demand
    props = {n: gallery.properties(n) for n in names}
    index = gallery_index.html_page(names, props, "png", "light")
    assert index.count('href="overview/family_relu.html">interactive page</a>') == 1
    assert "(overview/family_sigmoid.html)" in gallery_index.markdown(names, props, "png")


# ---- in a real browser --------------------------------------------------------------------------
def _browser_missing() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install selenium)"
    if _chromium() is None or shutil.which("chromedriver") is None:
        return "chromium and chromedriver are not installed (Debian: chromium chromium-driver)"
    return None


def _chromium() -> str | None:
    return next((p for n in ("chromium", "chromium-browser") if (p := shutil.which(n))), None)


@pytest.fixture(scope="module")
def browser():
    reason = _browser_missing()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs the browser tests: {reason}")
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = _chromium()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1300,1000", "--force-device-scale-factor=1"):  # fmt: skip
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def _open(driver, path: Path, scheme: str = "light") -> None:
    driver.execute_cdp_cmd(
        "Emulation.setEmulatedMedia",
        {"features": [{"name": "prefers-color-scheme", "value": scheme}]},
    )
    driver.get_log("performance")  # forget what came before
    driver.get_log("browser")
    driver.get(path.as_uri())
    driver.execute_script("return document.readyState")


def _requests(driver) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def _errors(driver) -> list[dict]:
    return [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]


def _slide(driver, element_id: str, index: int) -> None:
    driver.execute_script(
        "const e = document.getElementById(arguments[0]); e.value = arguments[1];"
        "e.dispatchEvent(new Event('input', {bubbles: true}));",
        element_id,
        index,
    )


def _hover(driver, x: float) -> str:
    """Move the mouse over the f panel at data coordinate `x`; the readout's text."""
    from selenium.webdriver.common.action_chains import ActionChains

    over = driver.find_element("css selector", "#panel-0 .u-over")
    left = driver.execute_script(
        "return window.actplotPage.plots()[0].valToPos(arguments[0], 'x')", x
    )
    width = over.size["width"]
    ActionChains(driver).move_to_element_with_offset(over, left - width / 2, 5).perform()
    return driver.find_element("id", "readout").text


def _rows(readout: str) -> tuple[float, dict[str, list[str]]]:
    first, *rows = readout.splitlines()
    x = float(first.removeprefix("x = ").replace("−", "-"))
    out = {}
    for row in rows:
        name, *cells = row.split()
        out[name] = [c for c in cells if c not in ("=", "f", "f′", "f″")]
    return x, out


def _expected(act, x: float, orders=(0, 1)) -> list[str]:
    return [web_data.number_text(float(act.profile(np.array([x]), n)[0])) for n in orders]


@pytest.fixture(scope="module")
def three_page(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("web") / "three.html"
    web_page.write_page(path, figure.resolve(THREE), PlotOptions(), follow_system=True)
    return path


def test_the_page_loads_offline_without_errors(browser, three_page: Path) -> None:
    _open(browser, three_page)
    assert browser.execute_script("return window.actplotPage !== undefined")
    urls = _requests(browser)
    assert urls and all(u.startswith(("file:", "data:", "blob:")) for u in urls), urls
    assert [u for u in urls if u.startswith("file:")] == [three_page.as_uri()]
    assert _errors(browser) == []
    assert len(browser.find_elements("css selector", ".uplot")) == 2  # f and f′
    names = [e.text for e in browser.find_elements("css selector", ".fn .name")]
    assert names[0] == "leaky_relu (|f′| < 0.05 on the whole range)" or names[0].startswith("leaky")


def test_the_pages_digits_are_pythons(browser, three_page: Path) -> None:
    """The page prints a stored value as Python's "%.6g" (with a real minus sign) does."""
    _open(browser, three_page)
    data = data_of(three_page.read_text())
    values = [0.0, -0.0, 1e-5, -1.5e-5, 0.0001, 123456.0, 999999.7, 1e21, -3.25e-300, 5e300]
    for fn in data["functions"]:
        for entry in fn["base"]["y"]:
            values += decoded(entry)[::7].astype(np.float32).astype(np.float64).tolist()
    values = [v for v in values if np.isfinite(v)]
    printed = browser.execute_script("return arguments[0].map(window.actplotPage.num)", values)
    assert printed == [web_data.number_text(v) for v in values]


def test_the_readout_shows_actplots_values_under_the_pointer(browser, three_page: Path) -> None:
    _open(browser, three_page)
    x, rows = _rows(_hover(browser, -1.0))
    assert abs(x + 1.0) <= 0.03 / 2 + 1e-12  # snapped to the grid (12 / 400 apart)
    for act in figure.resolve(THREE):
        (act,) = act
        assert rows[act.name] == _expected(act, x)


def test_moving_a_slider_redraws_with_the_new_parameter(browser, three_page: Path) -> None:
    _open(browser, three_page)
    x, before = _rows(_hover(browser, -1.0))
    pixels = browser.execute_script("return window.actplotPage.plots()[0].ctx.canvas.toDataURL()")
    data = browser.execute_script("return window.actplotPage.data")
    slider = data["functions"][1]["sliders"][0]
    assert slider["name"] == "alpha"
    index = slider["values"].index(2.0)
    _slide(browser, "slider-1-0", index)
    assert browser.find_element("id", "value-1-0").text == "2"
    elu2 = actplot.get("elu", alpha=2.0)
    for k in (0, 1):  # the drawn data of both panels are actplot's values for alpha = 2
        xs, ys = browser.execute_script(
            "const u = window.actplotPage.plots()[arguments[0]]; return [u.data[0], u.data[2]]", k
        )
        xs = np.array(xs)
        drawn = np.array([np.nan if v is None else v for v in ys], dtype=float)
        # the stored 6-digit values: float32 nearest to actplot's value rounded to 6 digits
        want = six(elu2.profile(xs, k)).astype(np.float32)
        breaks = np.isnan(drawn)  # only at a jump (of f′ at 0 when alpha ≠ 1)
        assert set(xs[breaks]) <= set(elu2.kinks) and breaks.sum() == k
        np.testing.assert_array_equal(drawn[~breaks].astype(np.float32), want[~breaks])
    after_pixels = browser.execute_script(
        "return window.actplotPage.plots()[0].ctx.canvas.toDataURL()"
    )
    assert after_pixels != pixels
    _, after = _rows(browser.find_element("id", "readout").text)
    assert after["elu"] == _expected(elu2, x) != before["elu"]
    assert after["leaky_relu"] == before["leaky_relu"]
    assert browser.find_element("id", "name-1").text.startswith("elu(alpha=2)")
    assert browser.find_element("id", "formula-1").text.endswith("α = 2")  # as the legend's
    # Redrawn within a frame (60 Hz), measured from the input event to the last panel drawn.
    times = []
    for i in [*range(len(slider["values"])), index]:
        _slide(browser, "slider-1-0", i)
        times.append(browser.execute_script("return window.actplotPage.state.redrawMs.at(-1)"))
    assert np.median(times) < 16.7, times
    _slide(browser, "threshold", 0)
    assert browser.find_element("id", "threshold-value").text == "0.001"
    assert _errors(browser) == []


def test_toggling_a_function_and_a_panel(browser, three_page: Path) -> None:
    _open(browser, three_page)
    box = browser.find_element("id", "show-1")
    shown = "return window.actplotPage.plots().map(u => u.series[2].show)"
    box.click()
    assert browser.execute_script(shown) == [False, False]
    _, rows = _rows(_hover(browser, 1.0))
    assert "elu" not in rows and "softplus" in rows
    box.click()
    assert browser.execute_script(shown) == [True, True]
    _, rows = _rows(_hover(browser, 1.0))
    assert "elu" in rows
    panel = browser.find_element("id", "panel-1")
    browser.find_element("id", "panel-toggle-1").click()
    assert not panel.is_displayed()
    browser.find_element("id", "panel-toggle-1").click()
    assert panel.is_displayed()


def _background(driver) -> tuple[int, ...]:
    rgb = driver.execute_script("return getComputedStyle(document.body).backgroundColor")
    return tuple(int(v) for v in re.findall(r"\d+", rgb)[:3])


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_light_and_dark_follow_the_system_or_the_theme(browser, tmp_path, scheme) -> None:
    from PIL import Image

    follow = tmp_path / "follow.html"
    groups = figure.resolve(["relu", "tanh", "gelu", "softshrink"])
    web_page.write_page(follow, groups, PlotOptions(second=True), follow_system=True)
    _open(browser, follow, scheme)
    _hover(browser, 0.5)
    dark = (28, 29, 33)
    assert _background(browser) == (dark if scheme == "dark" else (255, 255, 255))
    shot = Path(os.environ.get("ACTPLOT_SCREENSHOTS", tmp_path)) / f"page_{scheme}.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(shot))
    with Image.open(shot) as image:
        rgb = np.asarray(image.convert("RGB")).astype(int)
    assert len(np.unique(rgb.reshape(-1, 3), axis=0)) > 100  # curves, tints, text: not blank
    first = browser.execute_script("return window.actplotPage.data.functions[0].color")[scheme]
    ink = tuple(int(first[i : i + 2], 16) for i in (1, 3, 5))
    assert (np.abs(rgb - ink).sum(axis=2) < 40).sum() > 300  # the first curve, in its colour
    assert _errors(browser) == []
    forced = tmp_path / "forced.html"
    web_page.write_page(forced, groups, PlotOptions(theme="dark"))
    _open(browser, forced, "light")
    assert _background(browser) == dark  # --theme wins over the system
