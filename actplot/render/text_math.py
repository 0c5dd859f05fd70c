"""Matplotlib mathtext (``$\\frac{1}{1+e^{-x}}$``) as readable Unicode (``1/(1 + e⁻ˣ)``).

Text outside ``$...$`` is kept; inside, commands become symbols (Greek letters, ≤, ·, √),
``\\frac{a}{b}`` becomes ``a/b`` (with parentheses where a or b is not a single term) and
``^``/``_`` become super- and subscripts where Unicode has every character, ``^(…)``
otherwise. Unknown commands lose their backslash.
"""

from __future__ import annotations

import re

GREEK = {
    name: chr(code)
    for name, code in [
        *zip(
            "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi "
            "omicron pi rho sigma tau upsilon phi chi psi omega".split(),
            [*range(0x3B1, 0x3C2), *range(0x3C3, 0x3CA)],
            strict=True,
        ),
        ("Gamma", 0x393),
        ("Delta", 0x394),
        ("Theta", 0x398),
        ("Lambda", 0x39B),
        ("Xi", 0x39E),
        ("Pi", 0x3A0),
        ("Sigma", 0x3A3),
        ("Phi", 0x3A6),
        ("Psi", 0x3A8),
        ("Omega", 0x3A9),
        ("varepsilon", 0x3B5),
        ("varphi", 0x3C6),
    ]
}
SYMBOLS = {
    "cdot": "·", "times": "×", "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠",
    "ne": "≠", "approx": "≈", "infty": "∞", "pm": "±", "to": "→", "in": "∈", "sum": "Σ",
    "prod": "Π", "partial": "∂", "ldots": "…", "dots": "…", "lvert": "|", "rvert": "|",
    "vert": "|", "mid": "|", "{": "{", "}": "}", "%": "%", "_": "_", "$": "$", "#": "#",
    ",": " ", ";": " ", ":": " ", " ": " ", "!": "", "quad": "  ", "qquad": "    ",
    "left": "", "right": "", "prime": "′", "circ": "∘", "ell": "ℓ",
}  # fmt: skip
STYLES = {"mathrm", "text", "textrm", "operatorname", "mathbf", "mathit", "mathsf", "rm"}
RELATIONS = {"≤", "≥", "≠", "≈", "→", "∈", "·", "×"}  # padded with spaces
VULGAR = {"1/2": "½", "1/3": "⅓", "1/4": "¼", "1/6": "⅙", "1/8": "⅛", "2/3": "⅔", "3/4": "¾"}
SUPER = dict(zip("0123456789+−=()nix", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱˣ", strict=True))
SUB = dict(zip("0123456789+−=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True))
_COMMAND = re.compile(r"\\([A-Za-z]+|.)")
_SCRIPTS = "".join(SUPER.values()) + "".join(SUB.values()) + "′"
_TRAILING_SCRIPT = re.compile(rf"([{_SCRIPTS}]+|[\^_]\([^()]*\)|[\^_].)$")
_TERM = re.compile(r"∂?([A-Za-z]|[α-ωΑ-Ω]|\d+(\.\d+)?|[A-Za-z0-9]*\(.*\)|√.+|𝟙\[.*\])")
_OPERATOR = set(" +−-/·×=<>≤≥,")


def to_unicode(mathtext: str) -> str:
    """The Unicode reading of a mathtext string (text outside ``$...$`` kept as is)."""
    parts = re.split(r"(?<!\\)\$", mathtext)
    out = [_Math(p).render() if i % 2 else p for i, p in enumerate(parts)]
    return re.sub(r" {2,}", " ", "".join(out)).strip()


class _Math:
    """A tiny recursive-descent reader of one math segment."""

    def __init__(self, src: str) -> None:
        self.src, self.i = src, 0

    def render(self, stop: str = "") -> str:
        out: list[str] = []
        while self.i < len(self.src) and self.src[self.i] != stop:
            out.append(self._item())
        if stop:
            self.i += 1  # the closing brace
        return "".join(out)

    def _item(self) -> str:
        ch = self.src[self.i]
        if ch == "{":
            self.i += 1
            return self.render("}")
        if ch in "^_":
            self.i += 1
            return _script(self._argument(), SUPER if ch == "^" else SUB, ch)
        if ch == "\\":
            return self._command()
        self.i += 1
        if ch == "=":  # set off like the relations (a space after \\beta is eaten as in TeX)
            return " = "
        return "−" if ch == "-" else ch

    def _argument(self) -> str:
        """One braced group or one token (a character or a command)."""
        self._skip_spaces()
        return self._item() if self.i < len(self.src) else ""

    def _skip_spaces(self) -> None:
        while self.i < len(self.src) and self.src[self.i] == " ":
            self.i += 1

    def _next_is_factor(self) -> bool:
        """Whether a factor (not an operator, a bracket or the end) comes next."""
        j = self.i
        while self.src.startswith(("\\,", "\\ ", "\\;"), j) or self.src[j : j + 1] == " ":
            j += 2 if self.src[j] == "\\" else 1
        rest = self.src[j:]
        if not rest or rest[0] in "+-=<>,)]}|^_":
            return False
        match = _COMMAND.match(rest)
        return not (
            match and (match.group(1) == "right" or SYMBOLS.get(match.group(1)) in RELATIONS)
        )

    def _command(self) -> str:
        match = _COMMAND.match(self.src, self.i)
        assert match is not None
        self.i = match.end()
        name = match.group(1)
        if name.isalpha():
            self._skip_spaces()  # as in TeX, a space after a control word is not output
        if name == "frac":
            top, bottom = self._argument().strip(), self._argument().strip()
            if f"{top}/{bottom}" in VULGAR:
                return VULGAR[f"{top}/{bottom}"]
            frac = f"{_group(top)}/{_group(bottom)}"
            return f"{frac} · " if self._next_is_factor() else frac
        if name == "sqrt":
            return "√" + _group(self._argument())
        if name in STYLES:
            return self._argument()
        if name == "mathbb":
            arg = self._argument()
            return "𝟙" if arg == "1" else arg
        if name in GREEK:
            return GREEK[name]
        if name in SYMBOLS:
            symbol = SYMBOLS[name]
            return f" {symbol} " if symbol in RELATIONS else symbol
        # \max, \tanh, \log, \sin ...: an operator name, set off from a following factor
        nxt = self.src[self.i : self.i + 1]
        return f"{name} " if nxt.isalnum() or nxt == "\\" else name


def _script(text: str, table: dict[str, str], mark: str) -> str:
    text = text.strip()
    if text and all(c in table for c in text):
        return "".join(table[c] for c in text)
    return f"{mark}{text}" if len(text) == 1 else f"{mark}({text})"


def _group(text: str) -> str:
    """`text` bare if it is a single term (x², σ(x), √(…), ∂y), else in parentheses."""
    text = text.strip()
    core = text
    while (stripped := _TRAILING_SCRIPT.sub("", core)) != core and stripped:
        core = stripped
    depth = 0
    for c in core:
        depth += c in "([{"
        depth -= c in ")]}"
        if depth == 0 and c in _OPERATOR:
            return f"({text})"
    return text if _TERM.fullmatch(core) else f"({text})"
