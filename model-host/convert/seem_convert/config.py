"""Model configurations: the official Focal-T and Focal-L SEEM sizes, and a tiny one for tests."""
from dataclasses import dataclass, field, replace
from typing import List


@dataclass(frozen=True)
class SeemConfig:
    name: str
    # FocalNet backbone
    embed_dim: int = 96
    depths: List[int] = field(default_factory=lambda: [2, 2, 6, 2])
    focal_levels: int = 3
    focal_kernel: int = 3
    focal_factor: int = 2
    use_dw: bool = True            # "focal_dw": depthwise convs before modulation and MLP (Focal-T)
    use_postln: bool = True        # post-LN blocks (both official configs: USE_POSTLN true)
    scaling_modulator: bool = True  # modulator = mean of the focal levels' contexts (SCALING_MODULATOR true)
    stem_padding: int = 3          # 7x7 stride-4 stem: padding 3 (Focal-T), 2 (Focal-L)
    mlp_ratio: float = 4.0
    # pixel decoder (transformer-encoder FPN)
    conv_dim: int = 512
    mask_dim: int = 512
    enc_layers: int = 6
    enc_heads: int = 8
    enc_ffn: int = 2048
    # SEEM decoder
    hidden: int = 512
    heads: int = 8
    dec_ffn: int = 2048
    dec_layers: int = 9
    # Feature levels the decoder attends to, coarsest first (upstream: num_feature_levels, "always use 3 scales"; a
    # checkpoint's level_embed has one row per level). Decoder layer i attends to level i % feature_levels. The pixel
    # decoder has 4 scales (res5..res2), so 1 to 4.
    feature_levels: int = 3
    queries: int = 101
    memory_tokens: int = 32
    # language encoder (CLIP-B style)
    text_width: int = 512
    text_layers: int = 12
    text_heads: int = 8
    vocab_size: int = 49408
    context: int = 77
    classes: int = 134  # COCO-133 + background

    @property
    def stage_dims(self) -> List[int]:
        return [self.embed_dim * 2 ** i for i in range(4)]


FOCALT = SeemConfig(name="focalt")
FOCALL = SeemConfig(
    name="focall",
    embed_dim=192,
    depths=[2, 2, 18, 2],
    focal_levels=4,
    use_dw=False,
    stem_padding=2,
)
# Small enough for tests on two CPU cores, with every structural feature of Focal-T.
TINY = SeemConfig(
    name="tiny",
    embed_dim=16,
    depths=[1, 1, 1, 1],
    focal_levels=2,
    conv_dim=64,
    mask_dim=64,
    enc_layers=1,
    enc_heads=4,
    enc_ffn=128,
    hidden=64,
    heads=4,
    dec_ffn=128,
    dec_layers=3,
    queries=10,
    memory_tokens=4,
    text_width=64,
    text_layers=2,
    text_heads=4,
)

CONFIGS = {c.name: c for c in (TINY, FOCALT, FOCALL)}


def with_overrides(cfg: SeemConfig, **kw) -> SeemConfig:
    return replace(cfg, **kw)


MAX_FEATURE_LEVELS = 4


def check_feature_levels(levels: int) -> None:
    """The pixel decoder yields one map per backbone scale (res5, res4, res3, res2): at most 4 levels."""
    if not 1 <= levels <= MAX_FEATURE_LEVELS:
        raise ValueError(f"feature_levels {levels}: the pixel decoder has {MAX_FEATURE_LEVELS} scales (res5..res2), so 1 to {MAX_FEATURE_LEVELS} levels")
