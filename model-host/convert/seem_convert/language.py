"""SEEM's language encoder (UniCL / X-Decoder text transformer, CLIP-B style): token + position
embeddings, pre-LN residual blocks with causal attention and QuickGELU, TF-style LayerNorm
(eps 1e-12, fp32), `ln_final`, then `lang_proj`. Keys: `lang_encoder.*`, `lang_proj`, `logit_scale`."""
import torch
from torch import nn

from .config import SeemConfig
from .layers import NEG, LayerNorm32, PackedAttention

EPS = 1e-12


class QuickGELU(nn.Module):
    def forward(self, x):
        return x * torch.sigmoid(1.702 * x)


class MlpBlock(nn.Module):
    def __init__(self, width: int):
        super().__init__()
        self.c_fc = nn.Linear(width, width * 4)
        self.c_proj = nn.Linear(width * 4, width)
        self.act = QuickGELU()

    def forward(self, x):
        return self.c_proj(self.act(self.c_fc(x)))


class ResidualBlock(nn.Module):
    def __init__(self, width: int, heads: int):
        super().__init__()
        self.attn = PackedAttention(width, heads)
        self.ln_1 = LayerNorm32(width, eps=EPS)
        self.mlp = MlpBlock(width)
        self.ln_2 = LayerNorm32(width, eps=EPS)

    def forward(self, x, mask):
        h = self.ln_1(x)
        x = x + self.attn(h, h, h, mask)
        return x + self.mlp(self.ln_2(x))


class TextTransformer(nn.Module):
    def __init__(self, cfg: SeemConfig):
        super().__init__()
        self.token_embedding = nn.Embedding(cfg.vocab_size, cfg.text_width)
        self.positional_embedding = nn.Parameter(torch.zeros(cfg.context, cfg.text_width))
        self.resblocks = nn.ModuleList(ResidualBlock(cfg.text_width, cfg.text_heads) for _ in range(cfg.text_layers))
        self.ln_final = LayerNorm32(cfg.text_width, eps=EPS)
        nn.init.normal_(self.token_embedding.weight, std=0.02)
        nn.init.normal_(self.positional_embedding, std=0.01)

    def forward(self, ids):  # [B, T] -> [B, T, W]
        t = ids.shape[1]
        x = (self.token_embedding(ids) + self.positional_embedding[:t]).permute(1, 0, 2)
        # NEG above the diagonal, by comparing positions: WebGPU has no Trilu kernel
        i = torch.arange(t)
        causal = ((i[None, :] > i[:, None]).to(x.dtype) * NEG)[None]
        for block in self.resblocks:
            x = block(x, causal)
        return self.ln_final(x.permute(1, 0, 2))


class LanguageEncoder(nn.Module):
    """The `lang_encoder` child of SEEM's predictor."""

    def __init__(self, cfg: SeemConfig):
        super().__init__()
        self.lang_encoder = TextTransformer(cfg)
        self.lang_proj = nn.Parameter(torch.empty(cfg.text_width, cfg.hidden))
        self.logit_scale = nn.Parameter(torch.tensor(2.6592))  # log(1/0.07), CLIP's initial value
        nn.init.normal_(self.lang_proj, std=cfg.text_width ** -0.5)

    def forward(self, ids):
        """ids int64 [B, T] -> (token_embeddings [B, T, C], eot_embedding [B, C]); both projected, not normalised."""
        tokens = self.lang_encoder(ids) @ self.lang_proj
        # EOT = first occurrence of the largest id (<|endoftext|>); ArgMax on float (ids < 2^24 are exact).
        eot_index = ids.float().argmax(dim=-1)
        eot = torch.gather(tokens, 1, eot_index[:, None, None].expand(-1, 1, tokens.shape[-1]))[:, 0]
        return tokens, eot

    @staticmethod
    def similarity(captions, vocab, logit_scale):
        """exp(logit_scale) * cos(captions, vocabulary rows) (vocab rows are L2-normalised)."""
        v = captions / (captions.norm(dim=-1, keepdim=True) + 1e-7)
        return logit_scale.float().exp() * (v.float() @ vocab.float().t())
