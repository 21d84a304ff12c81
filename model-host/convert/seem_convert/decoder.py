"""The SEEM decoder's parameters and the parts every layout shares: Mask2Former-style masked
cross-attention, self-attention, FFN, and the prediction head run after the initial queries and
after every layer. Split for export into the prompt-independent part (`encoder_extras`: spatial
projections, mask features per level, every layer's cross-attention keys and values), `visual_prompt`
(points -> tokens) and `decode` (tokens -> masks), per docs/model-bundle.md. Which query groups
exist and who attends to whom is the layout's business: layout_v0.py (demo/v0 checkpoints, one
object) and layout_v1.py (v1 checkpoints: several objects, memory tokens, query groups)."""
import torch
from torch import nn
from torch.nn import functional as F

from .config import SeemConfig, check_feature_levels
from .language import LanguageEncoder
from .layers import NEG, PackedAttention, sine_position
from .layout_v0 import decode_v0
from .layout_v1 import decode_v1
from .prompt_inputs import PromptInputs


class SelfAttentionLayer(nn.Module):
    def __init__(self, dim: int, heads: int):
        super().__init__()
        self.self_attn = PackedAttention(dim, heads)
        self.norm = nn.LayerNorm(dim)

    def forward(self, x, pos, mask, rows=None):
        """Updates the first `rows` tokens (all by default); the others serve only as keys and values —
        SEEM's prompt tokens, whose self-attention outputs it discards, so their rows are not computed."""
        n = x.shape[0] if rows is None else rows
        q = x + pos
        return self.norm(x[:n] + self.self_attn(q[:n], q, x, mask[:, :n]))


class CrossAttentionLayer(nn.Module):
    def __init__(self, dim: int, heads: int):
        super().__init__()
        self.multihead_attn = PackedAttention(dim, heads)
        self.norm = nn.LayerNorm(dim)

    def forward(self, x, memory, mask, pos, query_pos):
        return self.attend(x, *self.project_memory(memory, pos), mask, query_pos)

    def project_memory(self, memory, pos):
        """The image side of this layer: keys from memory + pos, values from memory, projected
        ([HW, 1, C] each). Prompt-independent: the exported image encoder outputs them."""
        return self.multihead_attn.project_kv(memory + pos, memory)

    def attend(self, x, k_proj, v_proj, mask, query_pos):
        return self.norm(x + self.multihead_attn.attend(x + query_pos, k_proj, v_proj, mask))

    def attend_heads(self, x, kh, vh, mask, query_pos):
        """attend with keys/values already head-major [heads, HW, C / heads] (the encoder's cross_k/v_i)."""
        return self.norm(x + self.multihead_attn.attend_heads(x + query_pos, kh, vh, mask))


class FFNLayer(nn.Module):
    def __init__(self, dim: int, ffn: int):
        super().__init__()
        self.linear1 = nn.Linear(dim, ffn)
        self.linear2 = nn.Linear(ffn, dim)
        self.norm = nn.LayerNorm(dim)

    def forward(self, x):
        return self.norm(x + self.linear2(F.relu(self.linear1(x))))


class MLP(nn.Module):
    def __init__(self, dim: int, layers: int = 3):
        super().__init__()
        self.layers = nn.ModuleList(nn.Linear(dim, dim) for _ in range(layers))

    def forward(self, x):
        for i, layer in enumerate(self.layers):
            x = layer(x)
            if i < len(self.layers) - 1:
                x = F.relu(x)
        return x


def bilinear_points(feat, coords):
    """feat [C, h, w]; coords [N, 2] as (x, y) in [0, 1] -> [N, C], read at (x*(w-1), y*(h-1)):
    SEEM's point_sample(align_corners=True), written as four gathers for export."""
    c, h, w = feat.shape
    flat = feat.reshape(c, h * w)
    fx = coords[:, 0].clamp(0, 1) * (w - 1)
    fy = coords[:, 1].clamp(0, 1) * (h - 1)
    x0 = fx.floor().clamp(0, w - 1)
    y0 = fy.floor().clamp(0, h - 1)
    x1 = (x0 + 1).clamp(max=w - 1)
    y1 = (y0 + 1).clamp(max=h - 1)
    wx, wy = fx - x0, fy - y0

    def at(yy, xx):
        return flat.index_select(1, (yy * w + xx).long())  # [C, N]

    top = at(y0, x0) * (1 - wx) + at(y0, x1) * wx
    bottom = at(y1, x0) * (1 - wx) + at(y1, x1) * wx
    return (top * (1 - wy) + bottom * wy).t()


def project_masks(embeddings, features):
    """embeddings [Q, C] . features [1, C, h, w] -> mask logits [Q, h, w], as one MatMul over the flattened
    map: an einsum (or indexing features[0]) exports as a transpose or gather that copies the whole map
    on every run — most of a click's decode time."""
    c, h, w = features.shape[1:]
    return (embeddings @ features.reshape(c, h * w)).reshape(-1, h, w)


class SeemDecoder(nn.Module):
    """`sem_seg_head.predictor`: every parameter under the upstream name."""

    def __init__(self, cfg: SeemConfig):
        super().__init__()
        d, self.cfg = cfg.hidden, cfg
        self.class_embed = nn.Parameter(torch.empty(d, d))
        self.transformer_self_attention_layers = nn.ModuleList(SelfAttentionLayer(d, cfg.heads) for _ in range(cfg.dec_layers))
        self.transformer_cross_attention_layers = nn.ModuleList(CrossAttentionLayer(d, cfg.heads) for _ in range(cfg.dec_layers))
        self.transformer_ffn_layers = nn.ModuleList(FFNLayer(d, cfg.dec_ffn) for _ in range(cfg.dec_layers))
        self.decoder_norm = nn.LayerNorm(d)
        self.query_feat = nn.Embedding(cfg.queries, d)
        self.query_embed = nn.Embedding(cfg.queries, d)
        check_feature_levels(cfg.feature_levels)
        self.level_embed = nn.Embedding(cfg.feature_levels, d)
        self.mask_embed = MLP(d)
        self.mask_sptial_embed = nn.ParameterList(nn.Parameter(torch.empty(d, d)) for _ in range(cfg.feature_levels))
        # Memory tokens: in the checkpoints of every layout; only the v1 forward uses them.
        self.spatial_embed = nn.Embedding(cfg.memory_tokens, d)
        self.spatial_featured = nn.Embedding(cfg.memory_tokens, d)
        self.pn_indicator = nn.Embedding(2, d)
        self.lang_encoder = LanguageEncoder(cfg)
        nn.init.trunc_normal_(self.class_embed, std=0.02)
        for p in self.mask_sptial_embed:
            nn.init.trunc_normal_(p, std=0.02)

    # ---- once per image (goes into image_encoder.onnx) -------------------------------------
    def encoder_extras(self, multi_scale, mask_features):
        """Prompt-independent tensors. Per level l, each [1, C, h_l, w_l]:
        level_l = feature + level_embed (the cross-attention memory), level_pos_l (its sine positions),
        spatial_feat_l = level_l projected by mask_sptial_embed[l] (what visual prompts sample),
        mask_features_l = mask_features resized (bilinear) to the level (for the intermediate heads).
        Per decoder layer i, on level i % levels, each [heads, h_l * w_l, C / heads] (head-major, the layout the
        attention multiplies in): cross_k_i / cross_v_i, the layer's cross-attention keys and values (the
        per-prompt decoder then only projects its queries)."""
        out = {}
        seqs = []
        for l, feat in enumerate(multi_scale):
            out[f"mask_features_{l}"] = F.interpolate(mask_features, size=feat.shape[-2:], mode="bilinear", align_corners=False)
            b, c, h, w = feat.shape
            level = feat + self.level_embed.weight[l][None, :, None, None]
            out[f"level_{l}"] = level
            out[f"level_pos_{l}"] = sine_position(h, w, c, feat.dtype)
            spatial = (level.flatten(2).transpose(1, 2) @ self.mask_sptial_embed[l]).transpose(1, 2).reshape(b, c, h, w)
            out[f"spatial_feat_{l}"] = spatial
            seqs.append((level.flatten(2).permute(2, 0, 1), out[f"level_pos_{l}"].flatten(2).permute(2, 0, 1)))
        for i, layer in enumerate(self.transformer_cross_attention_layers):
            k, v = layer.project_memory(*seqs[i % len(seqs)])
            attn = layer.multihead_attn
            out[f"cross_k_{i}"], out[f"cross_v_{i}"] = attn.split_heads(k), attn.split_heads(v)
        return out

    # ---- per prompt: visual_prompt.onnx ------------------------------------------------------
    def visual_prompt(self, mask_features, spatial_feats, point_coords, point_labels):
        """point_coords [1, M, P, 2] (x, y in [0, 1] of the padded input), point_labels [1, M, P] (1/0/-1).
        Returns tokens [1, M, levels, P, C] (+ pn_indicator, zero where padding), pos/neg validity [1, M, P],
        pos/neg summaries [1, M, C] (mean mask_features over the points: spatial_query_pos/neg)."""
        _, m, p, _ = point_coords.shape
        c = mask_features.shape[1]
        coords = point_coords.reshape(m * p, 2)
        labels = point_labels.reshape(m * p, 1)
        pos_valid = (labels == 1).to(mask_features.dtype)
        neg_valid = (labels == 0).to(mask_features.dtype)
        valid = pos_valid + neg_valid
        tokens = []
        for l, feat in enumerate(spatial_feats):
            t = bilinear_points(feat[0], coords)
            t = t + pos_valid * self.pn_indicator.weight[0] + neg_valid * self.pn_indicator.weight[1]
            tokens.append((t * valid).reshape(1, m, p, c))
        sampled = bilinear_points(mask_features[0], coords).reshape(1, m, p, c)

        def summary(v):
            v = v.reshape(1, m, p, 1)
            return (sampled * v).sum(2) / v.sum(2).clamp(min=1)

        return {
            "tokens": torch.stack(tokens, dim=2),
            "pos_valid": pos_valid.reshape(1, m, p),
            "neg_valid": neg_valid.reshape(1, m, p),
            "pos_summary": summary(pos_valid),
            "neg_summary": summary(neg_valid),
        }

    # ---- per prompt: prompt_decoder.onnx -----------------------------------------------------
    def head(self, output, mask_features, vocab):
        """output [Q, 1, C] -> captions [Q, C], mask embeddings [Q, C], masks [Q, h, w], class logits [Q, K]."""
        x = self.decoder_norm(output[:, 0])
        captions = x @ self.class_embed
        maskembs = self.mask_embed(x)
        masks = project_masks(maskembs, mask_features)
        classes = LanguageEncoder.similarity(captions, vocab, self.lang_encoder.logit_scale)
        return captions, maskembs, masks, classes

    def level_masks(self, output, level_features):
        """The intermediate heads: only their masks are used, as the next layer's attention masks, at
        that layer's level. Upstream computes them at stride 4 and resizes them bilinearly to the level;
        here the mask embeddings meet mask_features already resized to the level (mask_features_l) —
        the same numbers, since bilinear resizing is linear, at 1/16 to 1/256 of the pixels.
        output [Q, 1, C], level_features [1, C, h_l, w_l] -> [Q, h_l, w_l]."""
        return project_masks(self.mask_embed(self.decoder_norm(output[:, 0])), level_features)

    @staticmethod
    def attention_mask(masks):
        """Masked attention from masks at the level's size [Q, h_l, w_l]: a query attends only where
        its mask is inside (logit >= 0); a query whose mask is empty at this level attends everywhere.
        Additive [1, Q, h_l * w_l]."""
        outside = (masks.flatten(1) < 0).to(masks.dtype)
        empty = (outside.sum(-1, keepdim=True) >= outside.shape[-1]).to(masks.dtype)
        return (outside * (1 - empty) * NEG)[None]

    @classmethod
    def memory_mask(cls, masks, size):
        """attention_mask for masks at another resolution [Q, h, w] (v1's previous masks): resized first."""
        if not torch.jit.is_tracing() and masks.shape[0] == 0:
            # eager PyTorch cannot resize zero masks (a run without memory); the exported graph can
            return masks.new_zeros(1, 0, size[0] * size[1])
        return cls.attention_mask(F.interpolate(masks[None], size=size, mode="bilinear", align_corners=False)[0])

    def cross_attend(self, i, x, mask, query_pos, inputs: PromptInputs):
        """Decoder layer i's masked cross-attention on the image, with the encoder's keys/values."""
        return self.transformer_cross_attention_layers[i].attend_heads(x, *inputs.cross_kv[i], mask, query_pos)

    def decode(self, layout: str, x: PromptInputs):
        """x -> the prompt decoder's outputs for the given layout ("v0" or "v1")."""
        return decode_v1(self, x) if layout == "v1" else decode_v0(self, x)
