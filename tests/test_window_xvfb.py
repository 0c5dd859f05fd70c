"""The interactive window in a real X server: Xvfb, the TkAgg backend, a slider moved by a
mouse click, and a screenshot.

Skipped unless the ``Xvfb`` program (Debian package ``xvfb``), tkinter and Pillow's X11
screen grab are available.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]

CHILD = textwrap.dedent(
    """
    import json, os, sys
    import matplotlib.pyplot as plt
    from PIL import ImageGrab
    import actplot
    from actplot.render.interactive import new_window
    from actplot.render.options import PlotOptions

    out = sys.argv[1]
    win = new_window([[actplot.get("leaky_relu", negative_slope=0.05)], [actplot.get("elu")]],
                     PlotOptions(derivative=True))
    plt.show(block=False)
    plt.pause(0.5)
    tk_window = win.fig.canvas.manager.window
    widget = win.fig.canvas.get_tk_widget()

    def grab():
        tk_window.update()
        x, y = tk_window.winfo_rootx(), tk_window.winfo_rooty()
        w, h = tk_window.winfo_width(), tk_window.winfo_height()
        return ImageGrab.grab(bbox=(x, y, x + w, y + h), xdisplay=os.environ["DISPLAY"])

    before = grab()
    y_before = float(win.lines[(0, 0)].get_ydata()[0])
    # Click 80% along the negative_slope slider, as a user would (Tk event -> matplotlib).
    plan = next(k for k, p in enumerate(win.plans) if p.name == "negative_slope")
    ax = win.sliders[plan].ax
    px, py = ax.transAxes.transform((0.8, 0.5))
    tk_x, tk_y = int(px), int(widget.winfo_height() - py)
    widget.event_generate("<Motion>", x=tk_x, y=tk_y, warp=True)
    widget.event_generate("<ButtonPress-1>", x=tk_x, y=tk_y)
    widget.event_generate("<ButtonRelease-1>", x=tk_x, y=tk_y)
    plt.pause(0.5)
    # Then hover over the f panel at x = 1: the readout follows the pointer.
    px, py = win.axes[0].transData.transform((1.0, 0.0))
    widget.event_generate("<Motion>", x=int(px), y=int(widget.winfo_height() - py), warp=True)
    plt.pause(0.5)
    after = grab()
    after.save(out)
    json.dump({
        "backend": plt.get_backend(),
        "size": [tk_window.winfo_width(), tk_window.winfo_height()],
        "canvas": list(win.fig.canvas.get_width_height(physical=True)),
        "slope": win.acts[0].params["negative_slope"],
        "expected": win.plans[plan].lo + 0.8 * (win.plans[plan].hi - win.plans[plan].lo),
        "y": [y_before, float(win.lines[(0, 0)].get_ydata()[0])],
        "changed": before.tobytes() != after.tobytes(),
        "readout": win.readout.get_text(),
    }, sys.stdout)
    plt.close("all")
    """
)


def _requirements() -> str | None:
    if shutil.which("Xvfb") is None:
        return "Xvfb is not installed (Debian: apt-get install xvfb)"
    try:
        import tkinter  # noqa: F401
    except ImportError:
        return "tkinter is not available"
    from PIL import features

    if not features.check("xcb"):
        return "Pillow was built without X11 (xcb) screen grabbing"
    return None


@pytest.fixture
def display():
    """A private Xvfb display (it picks a free number itself); always stopped afterwards."""
    reason = _requirements()
    if reason:
        pytest.skip(reason)
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1400x1000x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()  # written once the server accepts clients
        if not number:
            pytest.fail("Xvfb did not start")
        yield f":{number}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_window_opens_and_follows_a_click_in_tk(display, tmp_path):
    from PIL import Image

    shot = tmp_path / "window.png"
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}  # new_window picks TkAgg
    env["DISPLAY"] = display
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(shot)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["backend"].lower() == "tkagg"
    assert report["slope"] == pytest.approx(report["expected"], rel=0.05)
    assert report["y"][0] == pytest.approx(-6 * 0.05)
    assert report["y"][1] == pytest.approx(-6 * report["slope"])
    assert report["changed"]  # the screen shows the move
    first, *rows = report["readout"].splitlines()
    assert abs(float(first.removeprefix("x = ")) - 1.0) < 0.05
    assert rows[0].startswith("leaky_relu") and "f′ = 1" in rows[0]

    with Image.open(shot) as image:
        assert list(image.size) == report["size"]
        width, height = report["canvas"]
        assert image.width == width and image.height > height  # the canvas and the toolbar
        rgb = np.asarray(image.convert("RGB")).astype(int)
    assert len(np.unique(rgb.reshape(-1, 3), axis=0)) > 50  # not blank
    blue = np.abs(rgb - (0, 114, 178)).sum(axis=2) < 60  # the first curve's Okabe-Ito blue
    assert blue.sum() > 200
