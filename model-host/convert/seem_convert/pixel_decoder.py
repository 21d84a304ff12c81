"""MaskFormer's TransformerEncoderPixelDecoder (SEEM's `transformer_encoder_fpn`): res5 through a
1x1 projection and a post-norm transformer encoder with sine positions, then a top-down FPN with
GroupNorm convs. Returns mask_features (stride 4) and the multi-scale features [s32, s16, s8]."""
from torch import nn
from torch.nn import functional as F

from .config import SeemConfig
from .layers import ConvNorm, PackedAttention, sine_position


class EncoderLayer(nn.Module):
    def __init__(self, dim: int, heads: int, ffn: int):
        super().__init__()
        self.self_attn = PackedAttention(dim, heads)
        self.linear1 = nn.Linear(dim, ffn)
        self.linear2 = nn.Linear(ffn, dim)
        self.norm1 = nn.LayerNorm(dim)
        self.norm2 = nn.LayerNorm(dim)

    def forward(self, src, pos):  # [L, B, C]
        q = src + pos
        src = self.norm1(src + self.self_attn(q, q, src))
        return self.norm2(src + self.linear2(F.relu(self.linear1(src))))


class TransformerEncoder(nn.Module):
    def __init__(self, cfg: SeemConfig):
        super().__init__()
        self.layers = nn.ModuleList(EncoderLayer(cfg.conv_dim, cfg.enc_heads, cfg.enc_ffn) for _ in range(cfg.enc_layers))


class EncoderWrapper(nn.Module):
    """Keeps the upstream key path `transformer.encoder.layers.*`."""

    def __init__(self, cfg: SeemConfig):
        super().__init__()
        self.encoder = TransformerEncoder(cfg)


class PixelDecoder(nn.Module):
    def __init__(self, cfg: SeemConfig):
        super().__init__()
        dims = cfg.stage_dims
        d = cfg.conv_dim
        for i in range(3):  # res2..res4: lateral 1x1 (adapter_k) and output 3x3 (layer_k)
            self.add_module(f"adapter_{i + 1}", ConvNorm(dims[i], d, 1, relu=False))
            self.add_module(f"layer_{i + 1}", ConvNorm(d, d, 3, relu=True))
        self.input_proj = nn.Conv2d(dims[3], d, 1)
        self.transformer = EncoderWrapper(cfg)
        self.layer_4 = ConvNorm(d, d, 3, relu=True)
        self.mask_features = nn.Conv2d(d, cfg.mask_dim, 3, padding=1)
        self.levels = cfg.feature_levels

    def forward(self, feats):  # [res2, res3, res4, res5]
        res5 = feats[3]
        src = self.input_proj(res5)
        b, c, h, w = src.shape
        pos = sine_position(h, w, c, src.dtype).flatten(2).permute(2, 0, 1)  # [HW, 1, C]
        x = src.flatten(2).permute(2, 0, 1)
        for layer in self.transformer.encoder.layers:
            x = layer(x, pos)
        y = self.layer_4(x.permute(1, 2, 0).reshape(b, c, h, w))
        multi_scale = [y]
        for i in (2, 1, 0):  # res4, res3, res2
            lateral = getattr(self, f"adapter_{i + 1}")(feats[i])
            y = getattr(self, f"layer_{i + 1}")(lateral + F.interpolate(y, size=lateral.shape[-2:], mode="nearest"))
            if len(multi_scale) < self.levels:
                multi_scale.append(y)
        return self.mask_features(y), multi_scale  # coarsest first: [s32, s16, s8] for 3 levels
