"""The named tolerances of the numerical answers, each defined once with what it separates.

Relative tolerances scale with max(1, |value|) unless their comment says otherwise.
"""

from __future__ import annotations

# ---- steps of f and its derivatives --------------------------------------------------
# A step of f (or of f′, f″) smaller than this is roundoff or a formula switching branch
# (PyTorch's softplus switches to x at 20 with a 2e-9 step), not a jump.
JUMP_RTOL = 1e-6
# A change of the slope of f″ smaller than this is not resolved as a kink of f″.
KINK_RTOL = 1e-2
# One-sided values of a sampled curve this close are continuous: the line is not broken and
# no jump is marked (a real jump of an activation is many orders larger).
CURVE_JUMP_RTOL = 1e-9

# ---- telling points and spans apart ----------------------------------------------------
# Two break points closer than this are one point (found twice from adjacent grid cells).
SAME_POINT_RTOL = 1e-9
# A kink of f″ is only located to about this (the zoom stops at a few grid cells).
SAME_KINK_RTOL = 1e-6
# A run shorter than this (relative to max(1, |its start|)) is a point, not an interval:
# an isolated zero of f′ at a kink or a crossing is not a dead region.
MIN_SPAN_RTOL = 1e-9
# A grid point within this many ulps of a kink is the kink's neighbouring float.
KINK_ULPS = 4
# Zooming into a suspected jump stops when the interval is this many ulps wide.
ZOOM_ULPS = 64

# ---- probing beside a point ------------------------------------------------------------
# How far (relative to max(1, |x|)) to step beside x to see what f or f′ does just outside.
PROBE_RTOL = 1e-3
# An extreme reached on a plateau is "attained" only if f is still at least this far
# (relative) from it just outside: an asymptote (sigmoid → 1) reaches it only by rounding.
# The same floor (relative to the largest |f′|) tells a real slope beside a dead region from
# an underflowing one (sigmoid′ beyond 745, a Gaussian′ beyond 27).
GENUINE_GAP = 1e-9
# Grid values within this many ulps of the largest value attain it.
ATTAIN_ULPS = 4
# Grid maxima within this (relative) of the top are refined by golden-section search.
PEAK_RTOL = 1e-6
# One-sided slopes over this width (relative) find kinks of f″: roundoff stays far below
# KINK_RTOL, smooth curvature is negligible.
KINK_PROBE_RTOL = 1e-5

# ---- shape tests -----------------------------------------------------------------------
# f(−x) + f(x) within this (relative to max(1, |f(x)|)) counts as odd.
ODD_RTOL = 1e-9
# f′ within this of 0 (relative to the largest |f′| on the grid) counts as 0 for
# monotonicity (roundoff of an exactly flat stretch).
FLAT_SLOPE_RTOL = 1e-12
# ≈ x near 0: probed at ±IDENTITY_STEP; f(0) within IDENTITY_ZERO of 0, f within
# IDENTITY_RTOL of x and f′ within IDENTITY_SLOPE_ATOL of 1 there.
IDENTITY_STEP = 1e-9
IDENTITY_ZERO = 1e-12
IDENTITY_RTOL = 1e-6
IDENTITY_SLOPE_ATOL = 1e-6

# ---- searches ----------------------------------------------------------------------------
# Bisection halves at most this often (a float64 interval reaches one ulp in far fewer
# steps unless it spans many binades near 0).
BISECT_STEPS = 200
# Golden-section steps: 0.618**60 ≈ 3e-13 of the bracket, below the grid's resolution.
GOLDEN_STEPS = 60

# ---- the properties of issue 14 ------------------------------------------------------------
# f(−x) − f(x) within this (relative to max(1, |f(x)|)) counts as even: the same care as
# ODD_RTOL (a formula's roundoff passes, the Gaussian's exact symmetry is far inside it).
EVEN_RTOL = 1e-9
# f′ falling by less than this (relative to max(1, |f′|)) from one grid point to the next is
# roundoff, not a turn of f′: elu with alpha = 1 + 1e-9 still turns (f′ falls by 1e-9 at 0).
SLOPE_TURN_RTOL = 1e-12
# A line y = a·x + b is an asymptote when f′ at x = 1e12 .. 1e15 agrees with a to this
# (relative to max(1, |a|)): softsign's slope 1/(1+x)² is 1e-24 there, √x's 5e-7 .. 2e-8.
ASYMPTOTE_RTOL = 1e-8
# ...and f − a·x is pinned down to this (relative to max(1, |b|)) at its best decade (where
# its change to the next decade plus roundoff is least), and stays within it, up to
# roundoff, beyond: bent identity's b = −½ + 1/(4x) gets 5e-8, a tail like 1/√x 1e-5,
# while log(1 + x) changes by 2.3 a decade and log(log x) by 0.07.
ASYMPTOTE_INTERCEPT_RTOL = 1e-4
# f − a·x loses this many ulps of max(|f|, |a·x|) to roundoff (bent identity at 1e15: ±0.4).
ASYMPTOTE_ULPS = 8
# Ends of two parts of an image this close (relative to max(1, |end|)) touch: one-sided
# limits at a jump are extrapolated from just beside it and land within 1e-15 of it.
IMAGE_TOUCH_RTOL = 1e-9
# |f| beside a run of exact zeros below this is underflow, not the edge of a zero set:
# sigmoid below −745 and the Gaussian beyond ±27 give < 1e-300 there, while a flat edge such
# as max(x − 1, 0)⁴ is still 1e-12 a step of PROBE_RTOL beyond its zeros.
UNDERFLOW_FLOOR = 1e-250
# Self-normalising: |E f(z)| and |Var f(z) − 1| below this for z ~ N(0, 1). selu gives
# 1e-17 and 2e-16 (its constants have 17 digits; the quadrature is good to ~1e-12), the
# nearest other builtin is 0.03 away; 1e-6 also admits λ and α rounded to ~7 digits.
SELF_NORMALIZING_ATOL = 1e-6
# ...and the fixed point must attract: the slope dVar/dν of ν ↦ Var f(√ν z) at ν = 1 below
# this in size. selu's is 0.78 (so variances converge to 1); the identity's is exactly 1: every
# variance is a fixed point, none attracts, so the identity does not self-normalise.
ATTRACTING_SLOPE = 0.99
