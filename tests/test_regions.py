"""The one answer to "where is |f′| below the threshold, and where is f′ exactly 0", and the
searches it shares with the other computations."""

from __future__ import annotations

import math

import numpy as np
import pytest
from conftest import ONE_INPUT

import actplot
from actplot.compute import regions as rg
from actplot.compute import search
from actplot.compute.properties import properties
from actplot.model import Interval

INF = math.inf


def test_a_tail_is_an_open_interval_out_to_infinity() -> None:
    r = rg.regions(actplot.get("tanh"))
    edge = math.atanh(math.sqrt(1 - rg.SATURATION))  # 1 − tanh² = 0.05
    assert r.threshold == rg.SATURATION
    assert r.saturated == (Interval(-INF, r.left), Interval(r.right, INF))
    assert (r.left, r.right) == pytest.approx((-edge, edge), rel=1e-12)
    assert not r.everywhere and r.dead == ()


def test_the_threshold_moves_the_onsets() -> None:
    for threshold in (0.01, 0.2, 0.9):
        r = rg.regions(actplot.get("tanh"), threshold)
        edge = math.atanh(math.sqrt(1 - threshold))
        assert (r.left, r.right) == pytest.approx((-edge, edge), rel=1e-12)
    assert rg.regions(actplot.get("tanh"), 1.5).everywhere  # |tanh′| <= 1 < 1.5


def test_one_sided_tails_and_dead_intervals() -> None:
    relu = rg.regions(actplot.get("relu"))
    assert relu.saturated == (Interval(-INF, relu.left),) and relu.left == pytest.approx(0)
    assert relu.right is None and relu.dead == (Interval(-INF, 0.0),)
    hardtanh = rg.regions(actplot.get("hardtanh"))
    assert hardtanh.dead == (Interval(-INF, -1.0), Interval(1.0, INF))
    assert (hardtanh.left, hardtanh.right) == pytest.approx((-1.0, 1.0))
    shrink = rg.regions(actplot.get("softshrink"))  # dead in the middle: no tail
    assert shrink.saturated == () and shrink.dead == (Interval(-0.5, 0.5),)


def test_saturated_everywhere_is_one_region_without_sentinels() -> None:
    r = rg.regions(actplot.get("binary_step"))
    assert r.everywhere and r.saturated == (Interval(-INF, INF),)
    assert r.left is None and r.right is None
    assert r.dead == (Interval(-INF, INF),)


@pytest.mark.parametrize("name", ["gelu", "gaussian", "sinc", "mish", "silu", "sinusoid"])
def test_an_interior_dip_is_not_saturation(name: str) -> None:
    """|f′| < 0.05 near a minimum or a stationary point, yet no region covers it."""
    act = actplot.get(name)
    r = rg.regions(act)
    x = np.linspace(-6, 6, 120_001)
    slow = x[np.abs(act.profile(x, 1)) < rg.SATURATION]
    covered = np.zeros_like(slow, dtype=bool)
    for tail in r.saturated:
        covered |= (slow > tail.lo) & (slow < tail.hi)
    dips = slow[~covered]
    assert dips.size > 0  # the function has a dip in [−6, 6] ...
    assert all(abs(v) < 6 for v in dips)  # ... strictly inside, not reaching a tail
    for tail in r.saturated:  # and every tail runs on to ±∞ with |f′| below the threshold
        far = np.geomspace(max(1.0, abs(tail.hi if tail.lo == -INF else tail.lo)), 1e300, 400)
        far = -far if tail.lo == -INF else far
        inside = far[(far > tail.lo) & (far < tail.hi)]
        assert (np.abs(act.profile(inside, 1)) < rg.SATURATION).all()


def test_underflow_far_out_is_not_dead() -> None:
    for name in ("sigmoid", "gaussian", "tanh"):
        act = actplot.get(name)
        assert float(act.derivative(800.0)) == 0.0  # f′ is exactly 0 this far out
        assert rg.regions(act).dead == (), name


def test_within_clips_to_the_plotted_range() -> None:
    r = rg.Regions(0.05, (Interval(-INF, -2.0), Interval(2.0, INF)), (Interval(-INF, -3.0),))
    shown = r.within(-6.0, 6.0)
    assert [(i.lo, i.hi) for i in shown.saturated] == [(-6.0, -2.0), (2.0, 6.0)]
    assert [(i.lo, i.hi) for i in shown.dead] == [(-6.0, -3.0)]
    assert r.within(-1.0, 1.0).saturated == () and r.within(-1.0, 1.0).dead == ()
    assert r.within(-2.5, -2.0).saturated[0].lo == -2.5  # a region ending at the edge


def test_from_onsets_is_the_inverse_of_left_and_right() -> None:
    both = rg.Regions.from_onsets(0.1, -1.5, 2.5)
    assert (both.left, both.right, both.threshold) == (-1.5, 2.5, 0.1)
    assert rg.Regions.from_onsets(0.1, None, 2.5).saturated == (Interval(2.5, INF),)
    assert rg.Regions.from_onsets(0.1, None, None).saturated == ()
    assert rg.Regions.from_onsets(0.1, None, None, everywhere=True).everywhere


@pytest.mark.parametrize("name", actplot.names(kinds=ONE_INPUT))
def test_the_table_row_holds_exactly_these_regions(name: str) -> None:
    act = actplot.get(name)
    assert properties(act).regions == rg.regions(act)


# ---- the shared searches -----------------------------------------------------------------


def test_runs_and_their_edges() -> None:
    mask = np.array([1, 1, 0, 0, 1, 0, 1, 1, 1], dtype=bool)
    assert search.runs(mask) == [(0, 1), (4, 4), (6, 8)]
    assert search.run_edges(mask) == [0, 1, 4, 6, 8]
    assert search.runs(np.zeros(4, dtype=bool)) == []
    assert search.runs(np.ones(3, dtype=bool)) == [(0, 2)]


def test_crossing_bisects_to_adjacent_floats() -> None:
    x = search.crossing(lambda t: t * t - 2.0, 1.0, 2.0)
    assert abs(x - math.sqrt(2)) <= 2 * np.spacing(math.sqrt(2))
    falling = search.crossing(lambda t: 1.0 - t, 0.0, 3.0)  # either direction of change
    assert falling == pytest.approx(1.0, abs=1e-15)


def test_golden_max_finds_an_interior_peak() -> None:
    assert search.golden_max(lambda t: -((t - 0.3) ** 2), -1.0, 1.0) == pytest.approx(0.3)
    assert search.golden_max(math.sin, 0.0, 3.0) == pytest.approx(math.pi / 2, abs=1e-7)
