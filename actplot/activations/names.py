"""The names people type, as data: each framework's spelling of an activation, the registry
entry and parameters that reproduce it, and the frameworks that use the spelling.

The registry (:mod:`actplot.registry`) resolves a spelling from here when it is not a
canonical name or alias; lookup ignores case, ``-``, ``_`` and spaces, so ``GELU``,
``nn.GELU``'s class name and ``gelu`` are one key. Where frameworks give one spelling
different meanings, the spelling keeps PyTorch's (the registry's) meaning and the entry of the
other framework records its own: its parameters, or an expression when no entry reproduces
it (ONNX ``HardSigmoid`` is 0.2x + 0.5, PyTorch's ``Hardsigmoid`` x/6 + 1/2); ``actplot
info`` states them. Entries of a ``contextual`` ecosystem (vLLM's ``get_act_and_mul_fn``,
whose ``"silu"`` is SwiGLU) never decide what a spelling means.

Checked against (August 2026 snapshots): PyTorch torch/nn/modules/activation.py and
torch/nn/functional.py; jax/nn/__init__.py and jax/_src/nn/functions.py; Keras 3
keras/src/activations/__init__.py, keras/src/ops/nn.py, keras/src/layers/activations/;
transformers src/transformers/activations.py (ACT2CLS); vLLM
vllm/model_executor/layers/activation.py; timm timm/layers/create_act.py; ONNX
docs/Operators.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

ParamValue = float | int | str


@dataclass(frozen=True)
class Ecosystem:
    title: str  # how `info` names it
    source: str  # the file the names were read from
    contextual: bool = False  # its names mean something else outside one call: never resolve


ECOSYSTEMS: dict[str, Ecosystem] = {
    "torch": Ecosystem("PyTorch F", "torch/nn/functional.py"),
    "torch.nn": Ecosystem("PyTorch nn", "torch/nn/modules/activation.py"),
    "jax": Ecosystem("jax.nn", "jax/nn/__init__.py, jax/_src/nn/functions.py"),
    "keras": Ecosystem("keras.activations", "keras/src/activations/__init__.py"),
    "keras.ops": Ecosystem("keras.ops", "keras/src/ops/nn.py"),
    "keras.layers": Ecosystem("keras.layers", "keras/src/layers/activations/"),
    "transformers": Ecosystem("transformers", "src/transformers/activations.py (ACT2CLS)"),
    "vllm": Ecosystem("vLLM", "vllm/model_executor/layers/activation.py"),
    "vllm.and_mul": Ecosystem(
        "vLLM get_act_and_mul_fn",
        "vllm/model_executor/layers/activation.py (_ACTIVATION_AND_MUL_REGISTRY)",
        contextual=True,
    ),
    "timm": Ecosystem("timm", "timm/layers/create_act.py"),
    "onnx": Ecosystem("ONNX", "onnx docs/Operators.md"),
}


@dataclass(frozen=True)
class Name:
    """One spelling in some frameworks, and what reproduces it here.

    ``canonical`` with ``params`` reproduces the frameworks' function, unless ``expression``
    is set: then no registry entry does and that actplot expression in x does.
    """

    spelling: str
    canonical: str
    ecosystems: tuple[str, ...]
    params: Mapping[str, ParamValue] = field(default_factory=lambda: MappingProxyType({}))
    note: str = ""
    expression: str = ""


def _n(
    spelling: str,
    canonical: str,
    *ecosystems: str,
    note: str = "",
    expression: str = "",
    **params: ParamValue,
) -> Name:
    return Name(spelling, canonical, ecosystems, MappingProxyType(params), note, expression)


_TANH_GELU = "the tanh approximation 0.5x(1 + tanh(√(2/π)(x + 0.044715x³)))"
_FIRST = "first half of the last axis the gate: act(x[..., :d]) * x[..., d:]"

NAMES: tuple[Name, ...] = (
    # --- PyTorch torch.nn.functional and the frameworks that share its spelling
    _n("relu", "relu", "torch", "jax", "keras", "keras.ops", "transformers", "vllm", "timm"),
    _n("ReLU", "relu", "torch.nn", "keras.layers"),
    _n("Relu", "relu", "onnx"),
    _n("relu6", "relu6", "torch", "jax", "keras", "keras.ops", "transformers", "timm"),
    _n("ReLU6", "relu6", "torch.nn"),
    _n("threshold", "threshold", "torch", "keras", "keras.ops"),
    _n("Threshold", "threshold", "torch.nn"),
    _n("hardtanh", "hardtanh", "torch"),
    _n("Hardtanh", "hardtanh", "torch.nn"),
    _n("hard_tanh", "hardtanh", "jax", "keras", "keras.ops"),
    _n("elu", "elu", "torch", "jax", "keras", "keras.ops", "timm"),
    _n("ELU", "elu", "torch.nn", "keras.layers"),
    _n("Elu", "elu", "onnx"),
    _n("selu", "selu", "torch", "jax", "keras", "keras.ops", "timm"),
    _n("SELU", "selu", "torch.nn"),
    _n(
        "Selu",
        "selu",
        "onnx",
        note="attributes alpha = 1.67326319217681884765625 and gamma = "
        "1.05070102214813232421875 default to the float32 roundings of selu's constants",
    ),
    _n("celu", "celu", "torch", "jax", "keras", "keras.ops", "timm"),
    _n("CELU", "celu", "torch.nn"),
    _n("Celu", "celu", "onnx"),
    _n("leaky_relu", "leaky_relu", "torch", "jax", "transformers", "timm"),
    _n("LeakyReLU", "leaky_relu", "torch.nn"),
    _n("LeakyRelu", "leaky_relu", "onnx", note="attribute alpha, default 0.01"),
    _n(
        "leaky_relu",
        "leaky_relu",
        "keras",
        "keras.ops",
        negative_slope=0.2,
        note="keras.activations.leaky_relu and keras.ops.leaky_relu default to "
        "negative_slope=0.2 (PyTorch, JAX and ONNX 0.01)",
    ),
    _n(
        "LeakyReLU",
        "leaky_relu",
        "keras.layers",
        negative_slope=0.3,
        note="keras.layers.LeakyReLU defaults to negative_slope=0.3, unlike its own "
        "keras.activations.leaky_relu (0.2) and PyTorch's nn.LeakyReLU (0.01)",
    ),
    _n("prelu", "prelu", "torch", "transformers", "timm"),
    _n("PReLU", "prelu", "torch.nn"),
    _n("PRelu", "prelu", "onnx", note="the slope is a second input tensor, with no default"),
    _n(
        "PReLU",
        "prelu",
        "keras.layers",
        weight=0.0,
        note="keras.layers.PReLU initialises its slope at 0 (alpha_initializer='Zeros'), "
        "where nn.PReLU and timm start at 0.25",
    ),
    _n("rrelu", "rrelu", "torch"),
    _n("RReLU", "rrelu", "torch.nn"),
    _n("glu", "glu", "torch", "jax", "keras", "keras.ops"),
    _n("GLU", "glu", "torch.nn"),
    _n("gelu", "gelu", "torch", "keras", "transformers", "vllm", "timm"),
    _n("GELU", "gelu", "torch.nn"),
    _n("Gelu", "gelu", "onnx", note="attribute approximate, 'none' (default) or 'tanh'"),
    _n(
        "gelu",
        "gelu",
        "jax",
        "keras.ops",
        approximate="tanh",
        note="jax.nn.gelu and keras.ops.gelu default to approximate=True, the tanh form "
        "(keras.activations.gelu defaults to the exact one)",
    ),
    _n("logsigmoid", "logsigmoid", "torch"),
    _n("LogSigmoid", "logsigmoid", "torch.nn"),
    _n("log_sigmoid", "logsigmoid", "jax", "keras", "keras.ops"),
    _n("hardshrink", "hardshrink", "torch"),
    _n("Hardshrink", "hardshrink", "torch.nn"),
    _n("hard_shrink", "hardshrink", "keras", "keras.ops", note="Keras calls lambd threshold"),
    _n(
        "Shrink",
        "hardshrink",
        "onnx",
        note="Shrink(lambd=0.5, bias=0) is hardshrink; with bias = lambd it is softshrink",
    ),
    _n("tanhshrink", "tanhshrink", "torch"),
    _n("Tanhshrink", "tanhshrink", "torch.nn"),
    _n("tanh_shrink", "tanhshrink", "keras", "keras.ops"),
    _n("softsign", "softsign", "torch", "keras", "keras.ops"),
    _n("Softsign", "softsign", "torch.nn", "onnx"),
    _n("soft_sign", "softsign", "jax"),
    _n("softplus", "softplus", "torch", "jax", "keras", "keras.ops"),
    _n("Softplus", "softplus", "torch.nn"),
    _n("Softplus", "softplus", "onnx", note="ln(exp(x) + 1): no beta and no linear switch"),
    _n("softshrink", "softshrink", "torch"),
    _n("Softshrink", "softshrink", "torch.nn"),
    _n("soft_shrink", "softshrink", "keras", "keras.ops", note="Keras calls lambd threshold"),
    _n("softmax", "softmax", "torch", "jax", "keras", "keras.ops"),
    _n("Softmax", "softmax", "torch.nn", "keras.layers"),
    _n("Softmax", "softmax", "onnx", note="axis = -1 since opset 13 (earlier: flattened at 1)"),
    _n("Softmax2d", "softmax", "torch.nn", note="softmax over the channel axis (dim -3)"),
    _n("softmin", "softmin", "torch"),
    _n("Softmin", "softmin", "torch.nn"),
    _n("log_softmax", "log_softmax", "torch", "jax", "keras", "keras.ops"),
    _n("LogSoftmax", "log_softmax", "torch.nn", "onnx"),
    _n("tanh", "tanh", "torch", "jax", "keras", "keras.ops", "transformers", "vllm", "timm"),
    _n("Tanh", "tanh", "torch.nn", "onnx"),
    _n("sigmoid", "sigmoid", "torch", "jax", "keras", "keras.ops", "transformers", "vllm", "timm"),
    _n("Sigmoid", "sigmoid", "torch.nn", "onnx"),
    _n("hardsigmoid", "hardsigmoid", "torch", "timm"),
    _n("Hardsigmoid", "hardsigmoid", "torch.nn"),
    _n("hard_sigmoid", "hardsigmoid", "jax", "keras", "keras.ops", "timm"),
    _n(
        "HardSigmoid",
        "hardsigmoid",
        "onnx",
        expression="max(0, min(1, 0.2*x + 0.5))",
        note="ONNX HardSigmoid(alpha=0.2, beta=0.5) is clip(0.2x + 0.5, 0, 1) (as Keras 2's "
        "hard_sigmoid); PyTorch's Hardsigmoid is ONNX's with alpha = 1/6",
    ),
    _n("silu", "silu", "torch", "jax", "keras", "keras.ops", "transformers", "vllm", "timm"),
    _n("SiLU", "silu", "torch.nn"),
    _n("swish", "silu", "jax", "keras", "keras.ops", "transformers", "timm"),
    _n("Swish", "silu", "onnx", note="opset 24; its attribute alpha is silu's beta"),
    _n("mish", "mish", "torch", "jax", "keras", "keras.ops", "transformers", "timm"),
    _n("Mish", "mish", "torch.nn", "onnx"),
    _n("hardswish", "hardswish", "torch", "transformers", "timm"),
    _n("Hardswish", "hardswish", "torch.nn"),
    _n("HardSwish", "hardswish", "onnx", note="x·HardSigmoid<alpha=1/6, beta=0.5>(x)"),
    _n("hard_swish", "hardswish", "jax", "keras", "keras.ops", "timm"),
    _n("hard_silu", "hardswish", "jax", "keras", "keras.ops"),
    _n("identity", "identity", "jax", "timm"),
    _n("Identity", "identity", "torch.nn", "onnx"),
    _n("linear", "identity", "keras", "transformers"),
    # --- the rest of jax.nn and Keras 3
    _n("sparse_plus", "sparse_plus", "jax", "keras", "keras.ops"),
    _n("sparse_sigmoid", "sparse_sigmoid", "jax", "keras", "keras.ops"),
    _n("squareplus", "squareplus", "jax", "keras", "keras.ops"),
    _n("sparsemax", "sparsemax", "keras", "keras.ops"),
    _n("exponential", "exponential", "keras"),
    _n(
        "ThresholdedReLU",
        "trelu",
        "keras.layers",
        note="Keras 2's layer (theta = 1.0); Keras 3 keeps it only as "
        "keras._legacy.layers.ThresholdedReLU",
    ),
    # --- Hugging Face transformers' ACT2CLS keys
    _n(
        "gelu_python",
        "gelu",
        "transformers",
        note="GELUActivation(use_gelu_python=True): x·½(1 + erf(x/√2)) in Python",
    ),
    _n("gelu_new", "gelu", "transformers", "vllm", approximate="tanh", note=_TANH_GELU),
    _n(
        "gelu_fast",
        "gelu",
        "transformers",
        "vllm",
        approximate="tanh",
        note="the tanh form written 0.7978845608·x(1 + 0.044715x²): √(2/π) to 10 digits",
    ),
    _n(
        "gelu_pytorch_tanh",
        "gelu",
        "transformers",
        "vllm",
        approximate="tanh",
        note="GELUTanh: F.gelu(x, approximate='tanh')",
    ),
    _n(
        "gelu_python_tanh",
        "gelu",
        "transformers",
        approximate="tanh",
        note="GELUTanh(use_gelu_tanh_python=True): the tanh form in Python",
    ),
    _n(
        "gelu_accurate",
        "gelu",
        "transformers",
        approximate="tanh",
        note="AccurateGELUActivation (from MEGA) is the tanh form too, not the exact GELU",
    ),
    _n("gelu_10", "gelu_10", "transformers", note="ClippedGELUActivation(-10, 10)"),
    _n("quick_gelu", "quick_gelu", "transformers", "vllm", "timm"),
    _n("relu2", "relu2", "transformers", "vllm", note="ReLUSquaredActivation"),
    _n("laplace", "laplace", "transformers", note="LaplaceActivation(mu=0.707107, sigma=0.282095)"),
    _n(
        "xielu",
        "xielu",
        "transformers",
        "vllm",
        note="XIELUActivation(alpha_p_init=0.8, alpha_n_init=0.8, beta=0.5, eps=-1e-6); "
        "alpha_p and alpha_n are learned (stored through softplus)",
    ),
    # --- timm's create_act names
    _n(
        "gelu_tanh", "gelu", "timm", approximate="tanh", note="GELUTanh: F.gelu(approximate='tanh')"
    ),
    _n("hard_mish", "hard_mish", "timm"),
    # --- vLLM's CustomOp names (the *_and_mul ones take one tensor of width 2d)
    _n("silu_and_mul", "swiglu", "vllm", note=f"SiluAndMul, {_FIRST}"),
    _n(
        "mul_and_silu",
        "swiglu",
        "vllm",
        split="second",
        note="MulAndSilu: x[..., :d] * silu(x[..., d:]), the second half the gate "
        "(swiglu's own split takes the first)",
    ),
    _n("gelu_and_mul", "geglu", "vllm", note=f"GeluAndMul(approximate='none'), {_FIRST}"),
    _n(
        "gelu_tanh_and_mul",
        "geglu",
        "vllm",
        approximate="tanh",
        note="the kernel behind GeluAndMul(approximate='tanh')",
    ),
    _n(
        "fatrelu_and_mul",
        "fatrelu_glu",
        "vllm",
        note="FatreluAndMul(threshold=0.0): F.threshold(x[..., :d], threshold, 0) * x[..., d:]",
    ),
    _n(
        "swigluoai_and_mul",
        "swiglu_oai",
        "vllm",
        note="SwigluOAIAndMul(alpha=1.702, limit=7.0), interleaved: gate x[..., ::2], "
        "value x[..., 1::2]",
    ),
    # --- vLLM's get_act_and_mul_fn: the same spellings name the gated units there
    _n("silu", "swiglu", "vllm.and_mul", note="get_act_and_mul_fn('silu') is SiluAndMul"),
    _n("swish", "swiglu", "vllm.and_mul", note="get_act_and_mul_fn('swish') is SiluAndMul"),
    _n("gelu", "geglu", "vllm.and_mul", note="get_act_and_mul_fn('gelu') is GeluAndMul()"),
    _n("geglu", "geglu", "vllm.and_mul"),
    _n("swigluoai", "swiglu_oai", "vllm.and_mul"),
    _n(
        "gelu_pytorch_tanh",
        "geglu",
        "vllm.and_mul",
        approximate="tanh",
        note="get_act_and_mul_fn('gelu_pytorch_tanh') is GeluAndMul(approximate='tanh') (Gemma 3)",
    ),
    # --- ONNX operators not listed above
    _n(
        "ThresholdedRelu",
        "trelu",
        "onnx",
        note="attribute alpha (default 1.0) is trelu's theta: x if x > alpha else 0",
    ),
    _n(
        "SwiGLU",
        "swiglu",
        "onnx",
        note="opset 28: inputs A (gate) and B (value), attribute alpha is swiglu's beta",
    ),
)
