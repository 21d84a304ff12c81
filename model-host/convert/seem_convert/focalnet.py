"""FocalNet (Yang et al., "Focal Modulation Networks", 2022) as SEEM uses it. Both official configs
set post-LN blocks, layer scale and the scaling modulator; the two backbone types differ:
  - Focal-T (`focal_dw`): depthwise 3x3 convolutions before the modulation and before the MLP, and
    post-LN *after* each residual add: x = norm1(x + g1 * mod(x)); x = norm2(x + g2 * mlp(x));
  - Focal-L (`focal`): no depthwise convolutions, post-LN *inside* each branch:
    x = x + g1 * norm1(mod(x)); x = x + g2 * norm2(mlp(x)).
Outputs res2..res5 (strides 4..32), each through its own LayerNorm (`norm0..3`).
Tensors are channels-last [B, H, W, C] inside blocks, as in the original."""
import torch
from torch import nn
from torch.nn import functional as F

from .config import SeemConfig


class FocalModulation(nn.Module):
    def __init__(self, dim: int, levels: int, kernel: int, factor: int, scaling: bool):
        super().__init__()
        self.levels, self.scaling = levels, scaling
        self.f = nn.Linear(dim, 2 * dim + levels + 1)
        self.h = nn.Conv2d(dim, dim, 1)
        self.proj = nn.Linear(dim, dim)
        self.focal_layers = nn.ModuleList(
            nn.Sequential(nn.Conv2d(dim, dim, factor * k + kernel, padding=(factor * k + kernel) // 2, groups=dim, bias=False), nn.GELU())
            for k in range(levels)
        )

    def forward(self, x):  # [B, H, W, C]
        c = x.shape[-1]
        x = self.f(x).permute(0, 3, 1, 2)
        q, ctx, gates = torch.split(x, (c, c, self.levels + 1), dim=1)
        ctx_all = 0
        for level, layer in enumerate(self.focal_layers):
            ctx = layer(ctx)
            ctx_all = ctx_all + ctx * gates[:, level : level + 1]
        # Global context: the mean over the whole (padded) map.
        ctx_global = F.gelu(ctx.mean(2, keepdim=True).mean(3, keepdim=True))
        ctx_all = ctx_all + ctx_global * gates[:, self.levels :]
        if self.scaling:  # "scaling modulator": the mean rather than the sum of the levels' contexts
            ctx_all = ctx_all / (self.levels + 1)
        out = q * self.h(ctx_all)
        return self.proj(out.permute(0, 2, 3, 1))


class Mlp(nn.Module):
    def __init__(self, dim: int, hidden: int):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x)))


class FocalBlock(nn.Module):
    def __init__(self, dim: int, cfg: SeemConfig):
        super().__init__()
        self.use_dw, self.use_postln = cfg.use_dw, cfg.use_postln
        self.gamma_1 = nn.Parameter(torch.ones(dim))
        self.gamma_2 = nn.Parameter(torch.ones(dim))
        if cfg.use_dw:
            self.dw1 = nn.Conv2d(dim, dim, 3, padding=1, groups=dim)
        self.norm1 = nn.LayerNorm(dim)
        self.modulation = FocalModulation(dim, cfg.focal_levels, cfg.focal_kernel, cfg.focal_factor, cfg.scaling_modulator)
        if cfg.use_dw:
            self.dw2 = nn.Conv2d(dim, dim, 3, padding=1, groups=dim)
        self.norm2 = nn.LayerNorm(dim)
        self.mlp = Mlp(dim, int(dim * cfg.mlp_ratio))

    def _dw(self, conv, x):  # [B, H, W, C] -> x + dwconv(x)
        y = x.permute(0, 3, 1, 2)
        return (y + conv(y)).permute(0, 2, 3, 1)

    def forward(self, x):  # [B, H, W, C]
        if not self.use_postln:
            x = self._pre_ln(x)
        elif self.use_dw:
            x = self._post_ln_after_residual(x)
        else:
            x = x + self.gamma_1 * self.norm1(self.modulation(x))
            x = x + self.gamma_2 * self.norm2(self.mlp(x))
        return x

    def _pre_ln(self, x):
        if self.use_dw:
            x = self._dw(self.dw1, x)
        x = x + self.gamma_1 * self.modulation(self.norm1(x))
        if self.use_dw:
            x = self._dw(self.dw2, x)
        return x + self.gamma_2 * self.mlp(self.norm2(x))

    def _post_ln_after_residual(self, x):  # focal_dw
        x = self._dw(self.dw1, x)
        x = self.norm1(x + self.gamma_1 * self.modulation(x))
        x = self._dw(self.dw2, x)
        return self.norm2(x + self.gamma_2 * self.mlp(x))


class PatchEmbed(nn.Module):
    def __init__(self, cin: int, cout: int, kernel: int, stride: int, padding: int):
        super().__init__()
        self.proj = nn.Conv2d(cin, cout, kernel, stride, padding)
        self.norm = nn.LayerNorm(cout)

    def forward(self, x):  # [B, C, H, W] -> [B, H', W', C']
        return self.norm(self.proj(x).permute(0, 2, 3, 1))


class BasicLayer(nn.Module):
    def __init__(self, dim: int, depth: int, cfg: SeemConfig, downsample_to: int):
        super().__init__()
        self.blocks = nn.ModuleList(FocalBlock(dim, cfg) for _ in range(depth))
        self.downsample = PatchEmbed(dim, downsample_to, 3, 2, 1) if downsample_to else None


class FocalNet(nn.Module):
    def __init__(self, cfg: SeemConfig):
        super().__init__()
        dims = cfg.stage_dims
        self.patch_embed = PatchEmbed(3, dims[0], 7, 4, cfg.stem_padding)
        self.layers = nn.ModuleList(
            BasicLayer(dims[i], cfg.depths[i], cfg, dims[i + 1] if i < 3 else 0) for i in range(4)
        )
        for i in range(4):
            self.add_module(f"norm{i}", nn.LayerNorm(dims[i]))

    def forward(self, x):  # [B, 3, H, W] normalised
        x = self.patch_embed(x)
        outs = []
        for i, layer in enumerate(self.layers):
            for block in layer.blocks:
                x = block(x)
            outs.append(getattr(self, f"norm{i}")(x).permute(0, 3, 1, 2))
            if layer.downsample is not None:
                x = layer.downsample(x.permute(0, 3, 1, 2))
        return outs  # res2, res3, res4, res5
