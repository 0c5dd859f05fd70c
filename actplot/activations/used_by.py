"""Which well-known models use which activation, as data with a source for each entry.

A source is a paper (authors, year, arXiv id) or a file: a Hugging Face transformers
configuration module (its default is the released model's setting) or a model's own code.
Only entries with a source are listed; ``actplot info`` shows them and ``actplot list
--used-by MODEL`` filters them (case-insensitive, ``-``, ``_`` and spaces ignored).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

ParamValue = float | int | str


@dataclass(frozen=True)
class Use:
    model: str
    activation: str  # a canonical name
    source: str
    params: Mapping[str, ParamValue] = field(default_factory=lambda: MappingProxyType({}))
    note: str = ""


def _u(model: str, activation: str, source: str, note: str = "", **params: ParamValue) -> Use:
    return Use(model, activation, source, MappingProxyType(params), note)


_HF = "transformers src/transformers/models/"

USES: tuple[Use, ...] = (
    # --- gated units in the feed-forward block
    _u("LLaMA", "swiglu", "Touvron et al. 2023, LLaMA, arXiv:2302.13971 §2.2"),
    _u(
        "Llama 2",
        "swiglu",
        "Touvron et al. 2023, Llama 2, arXiv:2307.09288 §2.2; "
        + _HF
        + "llama/configuration_llama.py (hidden_act='silu')",
    ),
    _u("Llama 3", "swiglu", "Llama Team 2024, The Llama 3 Herd of Models, arXiv:2407.21783"),
    _u("Mistral 7B", "swiglu", _HF + "mistral/configuration_mistral.py (hidden_act='silu')"),
    _u(
        "Mixtral 8x7B",
        "swiglu",
        "Jiang et al. 2024, Mixtral of Experts, arXiv:2401.04088 §2.1 (SwiGLU experts)",
    ),
    _u("Qwen", "swiglu", "Bai et al. 2023, Qwen Technical Report, arXiv:2309.16609 §2.2"),
    _u("Qwen2", "swiglu", _HF + "qwen2/configuration_qwen2.py (hidden_act='silu')"),
    _u("DeepSeek LLM", "swiglu", "DeepSeek-AI 2024, DeepSeek LLM, arXiv:2401.02954 §2.2"),
    _u(
        "DeepSeek-V3",
        "swiglu",
        _HF + "deepseek_v3/configuration_deepseek_v3.py (hidden_act='silu')",
    ),
    _u("PaLM", "swiglu", "Chowdhery et al. 2022, PaLM, arXiv:2204.02311 §2"),
    _u("OLMo", "swiglu", "Groeneveld et al. 2024, OLMo, arXiv:2402.00838 §2.1"),
    _u(
        "Gemma",
        "geglu",
        "Gemma Team 2024, Gemma, arXiv:2403.08295 §2 (GeGLU); "
        + _HF
        + "gemma/configuration_gemma.py (hidden_act='gelu_pytorch_tanh')",
        approximate="tanh",
    ),
    _u(
        "Gemma 2",
        "geglu",
        _HF + "gemma2/configuration_gemma2.py (hidden_activation='gelu_pytorch_tanh')",
        approximate="tanh",
    ),
    _u(
        "Gemma 3",
        "geglu",
        _HF + "gemma3/configuration_gemma3.py (hidden_activation='gelu_pytorch_tanh')",
        approximate="tanh",
    ),
    _u(
        "T5 v1.1",
        "geglu",
        "google-research/text-to-text-transfer-transformer released_checkpoints.md (GEGLU); "
        + _HF
        + "t5/configuration_t5.py ('gated-gelu' runs gelu_new)",
        approximate="tanh",
    ),
    _u(
        "GPT-OSS",
        "swiglu_oai",
        "OpenAI 2025, gpt-oss-120b & gpt-oss-20b Model Card, arXiv:2508.10925; "
        + _HF
        + "gpt_oss/modeling_gpt_oss.py (alpha 1.702, swiglu_limit 7.0)",
    ),
    _u(
        "MiniCPM-S",
        "fatrelu_glu",
        "vllm/model_executor/layers/activation.py (FatreluAndMul: 'used in "
        "openbmb/MiniCPM-S-1B-sft')",
    ),
    # --- element-wise, in language models
    _u("Transformer", "relu", "Vaswani et al. 2017, Attention Is All You Need, arXiv:1706.03762"),
    _u("T5", "relu", "Raffel et al. 2020, T5, arXiv:1910.10683 §2.1 (ReLU feed-forward)"),
    _u(
        "BERT",
        "gelu",
        "Devlin et al. 2019, BERT, arXiv:1810.04805 appendix A.2; "
        + _HF
        + "bert/configuration_bert.py (hidden_act='gelu')",
    ),
    _u(
        "GPT-2",
        "gelu",
        _HF + "gpt2/configuration_gpt2.py (activation_function='gelu_new')",
        approximate="tanh",
    ),
    _u(
        "Primer",
        "relu2",
        "So et al. 2021, Primer: Searching for Efficient Transformers, arXiv:2109.08668",
    ),
    _u(
        "modded-nanogpt (speedrun)",
        "relu2",
        "KellerJordan/modded-nanogpt train_gpt.py (MLP: F.relu(x).square())",
    ),
    _u(
        "Nemotron-4",
        "relu2",
        "Parmar et al. 2024, Nemotron-4 15B, arXiv:2402.16819 §2; "
        + _HF
        + "nemotron/configuration_nemotron.py (hidden_act='relu2')",
    ),
    _u(
        "Apertus",
        "xielu",
        "Swiss AI 2025, Apertus, arXiv:2509.14233; "
        + _HF
        + "apertus/configuration_apertus.py (hidden_act='xielu')",
    ),
    _u("MEGA", "laplace", "Ma et al. 2023, Mega, arXiv:2209.10655 (attention function)"),
    # --- vision and multimodal
    _u(
        "CLIP",
        "quick_gelu",
        "Radford et al. 2021, arXiv:2103.00020; openai/CLIP clip/model.py (QuickGELU); "
        + _HF
        + "clip/configuration_clip.py (hidden_act='quick_gelu')",
    ),
    _u("ViT", "gelu", "Dosovitskiy et al. 2021, An Image is Worth 16x16 Words, arXiv:2010.11929"),
    _u("ResNet", "relu", "He et al. 2016, Deep Residual Learning, arXiv:1512.03385"),
    _u("AlexNet", "relu", "Krizhevsky, Sutskever and Hinton 2012, NeurIPS (ImageNet CNN)"),
    _u("EfficientNet", "silu", "Tan and Le 2019, EfficientNet, arXiv:1905.11946 (Swish)"),
    _u(
        "MobileNetV3",
        "hardswish",
        "Howard et al. 2019, Searching for MobileNetV3, arXiv:1905.02244",
    ),
    _u(
        "MobileNetV3",
        "hardsigmoid",
        "Howard et al. 2019, arXiv:1905.02244 (hard sigmoid in squeeze-and-excite)",
    ),
    _u("YOLOv4", "mish", "Bochkovskiy et al. 2020, YOLOv4, arXiv:2004.10934 (Mish backbone)"),
    _u(
        "MetaFormer (CAFormer, ConvFormer)",
        "star_relu",
        "Yu et al., MetaFormer Baselines for Vision, TPAMI 2024, arXiv:2210.13452 (StarReLU)",
    ),
    # --- audio and fields
    _u(
        "BigVGAN",
        "snake",
        "Lee et al. 2023, BigVGAN, arXiv:2206.04658 (anti-aliased periodic activations)",
    ),
    _u(
        "BigVGAN",
        "snake_beta",
        "Lee et al. 2023, arXiv:2206.04658; NVIDIA/BigVGAN configs (activation 'snakebeta')",
    ),
    _u(
        "SIREN",
        "sinusoid",
        "Sitzmann et al. 2020, Implicit Neural Representations with Periodic Activation "
        "Functions, arXiv:2006.09661 (ω₀ = 30)",
        omega0=30.0,
    ),
    # --- recurrent
    _u("LSTM", "sigmoid", "Hochreiter and Schmidhuber 1997, Neural Computation (the gates)"),
    _u("LSTM", "tanh", "Hochreiter and Schmidhuber 1997, Neural Computation (the cell)"),
)
