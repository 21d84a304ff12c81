"""A second, independent statement of SEEM's v1 decoder for tests, written the way upstream runs it
(full-resolution heads resized to each level; keys and values projected inside every layer):
only the groups that are present (no text -> no grounding queries or tokens; no previous mask -> no
memories), only the real prompt tokens (no padding), boolean masks built group by group from the
attention table. The exported graph does the same with fixed maxima, validity masks and additive
masks; tests compare the two. The fixed choices (spatial queries from object queries 0,1,2; memories in
equal contiguous blocks) are the same on both sides, because they are choices, not behaviour to test."""
import torch
import torch.nn.functional as F

from seem_convert.layers import NEG

# whom each group may attend to in self-attention (upstream's ATTENTION_ARCH.SELF_ATTENTION for v1)
SEES = {
    "queries_object": ["queries_object"],
    "queries_grounding": ["queries_grounding", "tokens_grounding"],
    "queries_spatial": ["queries_spatial", "tokens_spatial", "memories_spatial"],
    "tokens_grounding": ["queries_grounding", "tokens_grounding"],
    "tokens_spatial": ["tokens_spatial"],
    "memories_spatial": ["memories_spatial"],
}
PER_OBJECT = {"queries_spatial", "tokens_spatial", "memories_spatial"}
CROSS = ["queries_object", "queries_grounding", "queries_spatial", "memories_spatial"]


def _additive(blocked):
    return torch.where(blocked, torch.tensor(NEG), torch.tensor(0.0))[None]


def _cross_blocked(masks, size):
    """[n, h, w] logits -> [n, HW] True where attention is blocked; fully blocked rows opened."""
    resized = F.interpolate(masks[None], size=size, mode="bilinear", align_corners=False)[0]
    blocked = resized.sigmoid().flatten(1) < 0.5
    blocked[blocked.all(-1)] = False
    return blocked


def reference_v1(dec, mask_features, levels, level_pos, objects, text, prev, vocab):
    """objects: per object, per level, the valid prompt tokens [n, C]; text: valid text tokens [t, C] or None;
    prev: [n_objects, h, w] previous mask logits or None. Returns per-group (masks, captions, classes, maskembs)."""
    r = dec.cfg.memory_tokens
    n_obj = len(objects)
    src = [lv.flatten(2).permute(2, 0, 1) for lv in levels]
    pos = [lp.flatten(2).permute(2, 0, 1) for lp in level_pos]
    sizes = [lv.shape[-2:] for lv in levels]
    pick = torch.tensor([0, 1, 2] * n_obj)
    var = {  # name -> [output [n,1,C], pos [n,1,C], object index per row or None]
        "queries_object": [dec.query_feat.weight[:, None], dec.query_embed.weight[:, None], None],
        "queries_spatial": [dec.query_feat.weight[pick][:, None], dec.query_embed.weight[pick][:, None],
                            torch.arange(n_obj).repeat_interleave(3)],
    }
    if text is not None:
        var["queries_grounding"] = [dec.query_feat.weight[:, None], dec.query_embed.weight[:, None], None]
        var["tokens_grounding"] = [text[:, None], text[:, None], None]
    if prev is not None:
        owner = torch.tensor([j * n_obj // r for j in range(r)])
        var["memories_spatial"] = [dec.spatial_featured.weight[:, None], dec.spatial_embed.weight[:, None], owner]
    token_owner = torch.cat([torch.full((objects[k][0].shape[0],), k) for k in range(n_obj)])

    def heads():
        names = [n for n in CROSS if n in var and n != "memories_spatial"]
        out = torch.cat([var[n][0] for n in names])
        captions, maskembs, masks, classes = dec.head(out, mask_features, vocab)
        result, at = {}, 0
        for n in names:
            k = var[n][0].shape[0]
            result[n] = (masks[at:at + k], captions[at:at + k], classes[at:at + k], maskembs[at:at + k])
            at += k
        return result

    result = heads()
    for i in range(dec.cfg.dec_layers):
        level = i % 3
        names = [n for n in CROSS if n in var]
        blocked = [
            _cross_blocked(prev[var[n][2]] if n == "memories_spatial" else result[n][0], sizes[level]) for n in names
        ]
        x = torch.cat([var[n][0] for n in names])
        xp = torch.cat([var[n][1] for n in names])
        x = dec.transformer_cross_attention_layers[i](x, src[level], _additive(torch.cat(blocked)), pos[level], xp)
        at = 0
        for n in names:
            k = var[n][0].shape[0]
            var[n][0] = x[at:at + k]
            at += k
        tokens = torch.cat([o[level] for o in objects])[:, None]
        var["tokens_spatial"] = [tokens, tokens, token_owner]
        order = [n for n in SEES if n in var]
        spans, at = {}, 0
        for n in order:
            spans[n] = (at, at + var[n][0].shape[0])
            at = spans[n][1]
        blocked = torch.ones(at, at, dtype=torch.bool)
        for a in order:
            for b in SEES[a]:
                if b not in spans:
                    continue
                block = torch.zeros(spans[a][1] - spans[a][0], spans[b][1] - spans[b][0], dtype=torch.bool)
                if a in PER_OBJECT and b in PER_OBJECT:
                    block = var[a][2][:, None] != var[b][2][None, :]
                blocked[spans[a][0]:spans[a][1], spans[b][0]:spans[b][1]] = block
        x = torch.cat([var[n][0] for n in order])
        xp = torch.cat([var[n][1] for n in order])
        x = dec.transformer_ffn_layers[i](dec.transformer_self_attention_layers[i](x, xp, _additive(blocked)))
        for n in order:
            var[n][0] = x[spans[n][0]:spans[n][1]]
        result = heads()
    return result
