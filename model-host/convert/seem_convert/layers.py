"""Building blocks written for export: explicit attention with additive float masks
(fp16-safe, never a fully masked row), LayerNorm computed in fp32, GroupNorm convs."""
import math

import torch
from torch import nn
from torch.nn import functional as F

# Additive mask value: large enough to silence a key, small enough for fp16.
NEG = -1e4


class LayerNorm32(nn.LayerNorm):
    """LayerNorm computed in float32 whatever the input dtype (SEEM's text encoder needs it)."""

    def forward(self, x):
        return F.layer_norm(x.float(), self.normalized_shape, self.weight.float(), self.bias.float(), self.eps).to(x.dtype)


class PackedAttention(nn.Module):
    """Multi-head attention with PyTorch's packed parameter names (in_proj_weight/bias, out_proj),
    so official weights load as they are. Sequence-first tensors [L, B, C], like nn.MultiheadAttention.
    `mask` is additive, broadcastable to [B * heads or 1, Lq, Lk]."""

    def __init__(self, dim: int, heads: int):
        super().__init__()
        self.dim, self.heads = dim, heads
        self.in_proj_weight = nn.Parameter(torch.empty(3 * dim, dim))
        self.in_proj_bias = nn.Parameter(torch.zeros(3 * dim))
        self.out_proj = nn.Linear(dim, dim)
        nn.init.xavier_uniform_(self.in_proj_weight)

    def project_kv(self, k, v):
        """Keys and values through their input projections, [L, B, C] each: for a cross-attention on
        the image, prompt-independent, so the image encoder can compute them once."""
        _, w_k, w_v = self.in_proj_weight.chunk(3)
        _, b_k, b_v = self.in_proj_bias.chunk(3)
        return F.linear(k, w_k, b_k), F.linear(v, w_v, b_v)

    def split_heads(self, x):
        """[L, B, C] -> head-major [B * heads, L, C / heads] (the layout attention multiplies in)."""
        return x.reshape(x.shape[0], x.shape[1] * self.heads, self.dim // self.heads).transpose(0, 1)

    def attend(self, q, k_proj, v_proj, mask=None):
        """Attention of q [Lq, B, C] over projected keys/values [Lk, B, C]."""
        return self.attend_heads(q, self.split_heads(k_proj), self.split_heads(v_proj), mask)

    def attend_heads(self, q, kh, vh, mask=None):
        """Attention of q [Lq, B, C] over projected keys/values already head-major [B * heads, Lk, C / heads]
        (the image encoder outputs them so, so that no decode reorders them)."""
        lq, b, c = q.shape
        # chunk, as in project_kv: one way of slicing the packed parameter, so the exporter folds it
        # into three weights instead of keeping the packed one beside its slices
        w_q = self.in_proj_weight.chunk(3)[0]
        b_q = self.in_proj_bias.chunk(3)[0]
        h, d = self.heads, self.dim // self.heads
        qh = F.linear(q, w_q, b_q).reshape(lq, b * h, d).transpose(0, 1) / math.sqrt(d)
        scores = torch.bmm(qh, kh.transpose(1, 2))
        if mask is not None:
            scores = scores + mask
        attn = torch.softmax(scores.float(), dim=-1).to(vh.dtype)  # softmax in fp32
        out = torch.bmm(attn, vh).transpose(0, 1).reshape(lq, b, c)
        return self.out_proj(out)

    def forward(self, q, k, v, mask=None):
        return self.attend(q, *self.project_kv(k, v), mask)


class ConvNorm(nn.Module):
    """detectron2's Conv2d with a norm child: keys `<name>.weight` (no bias) and `<name>.norm.*`."""

    def __init__(self, cin: int, cout: int, k: int, relu: bool):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(cout, cin, k, k))
        nn.init.kaiming_uniform_(self.weight, a=1)
        self.norm = nn.GroupNorm(32, cout)
        self.pad, self.relu = k // 2, relu

    def forward(self, x):
        x = self.norm(F.conv2d(x, self.weight, None, 1, self.pad))
        return F.relu(x) if self.relu else x


def sine_position(h: int, w: int, dim: int, dtype=torch.float32, temperature: float = 10000.0):
    """DETR / Mask2Former PositionEmbeddingSine(normalize=True) for an all-valid map: [1, dim, h, w].
    Computed from aranges (no CumSum), so it traces to constants for a fixed size and to simple ops otherwise."""
    npf = dim // 2
    eps, scale = 1e-6, 2 * math.pi
    y = torch.arange(1, h + 1, dtype=torch.float32)[:, None].expand(h, w)
    x = torch.arange(1, w + 1, dtype=torch.float32)[None, :].expand(h, w)
    y = y / (h + eps) * scale
    x = x / (w + eps) * scale
    dim_t = torch.arange(npf, dtype=torch.float32)
    # torch.pow on a tensor base: `float ** tensor` would make a torch.tensor constant mid-trace (a TracerWarning)
    dim_t = torch.pow(torch.full_like(dim_t, temperature), 2 * torch.div(dim_t, 2, rounding_mode="floor") / npf)
    px = x[:, :, None] / dim_t
    py = y[:, :, None] / dim_t
    px = torch.stack((px[:, :, 0::2].sin(), px[:, :, 1::2].cos()), dim=3).flatten(2)
    py = torch.stack((py[:, :, 0::2].sin(), py[:, :, 1::2].cos()), dim=3).flatten(2)
    return torch.cat((py, px), dim=2).permute(2, 0, 1)[None].to(dtype)
