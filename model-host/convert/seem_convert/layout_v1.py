"""The v1 decoder layout (seem_focalt_v1.pt, seem_focall_v1.pt): M objects decoded at once, with memory.
Token groups, in the order concatenated here, and whom each attends to in self-attention:
  object queries     Q   -> object queries only (prompt-free: segment everything)
  grounding queries  Q   -> grounding queries, valid text tokens (text prompt); a copy of the object queries
  spatial queries    3M  -> its object's 3 spatial queries, its object's valid prompt tokens, its object's
                            memories (when has_prev)
  text tokens        T   -> grounding queries, valid text tokens
  memories           R   -> memories of the same object
  prompt tokens      2MP -> valid prompt tokens of the same object (object m: its P points on this image,
                            then its P points on the reference image); last, because their outputs are
                            discarded: only their keys and values are computed
Queries and memories cross-attend the image: a query within its own previous mask, memory r within
its object's `prev_mask` (the mask chosen last round). Text tokens and memories persist through the
layers; prompt tokens are reset every layer and are their own positions; text positions are their
initial values.
Fixed choices replace upstream's unseeded randomness (see docs/converter.md):
  - every object's 3 spatial queries start as object queries 0, 1, 2 (upstream: `randint` over all Q,
    with replacement);
  - memory r serves object floor(r * n / R), n = objects with at least one point (upstream: `multinomial`
    with equal probabilities, sorted — contiguous blocks of random sizes; here equal blocks).
Objects must be packed from slot 0 (the engine does)."""
import torch

from .attention_mask import group_attention_mask
from .prompt_inputs import PromptInputs

SPATIAL_QUERIES = 3
SPATIAL_QUERY_SOURCE = (0, 1, 2)  # = range(SPATIAL_QUERIES), which the graphs build with arange
OBJECT_Q, GROUNDING_Q, SPATIAL_Q, TEXT, MEMORY, PROMPT = range(6)
RULES = torch.tensor([
    [1, 0, 0, 0, 0, 0],  # object queries
    [0, 1, 0, 1, 0, 0],  # grounding queries
    [0, 0, 1, 0, 1, 1],  # spatial queries
    [0, 1, 0, 1, 0, 0],  # text tokens
    [0, 0, 0, 0, 1, 0],  # memories
    [0, 0, 0, 0, 0, 1],  # prompt tokens
])
SAME_OBJECT = torch.tensor([
    [0, 0, 0, 0, 0, 0],
    [0, 0, 0, 0, 0, 0],
    [0, 0, 1, 0, 1, 1],
    [0, 0, 0, 0, 0, 0],
    [0, 0, 0, 0, 1, 0],
    [0, 0, 0, 0, 0, 1],
])
# query_object tags of the output queries (docs/model-bundle.md)
TAG_OBJECT, TAG_GROUNDING = -1.0, -2.0


def memory_objects(obj_valid, memories: int):
    """[R] float object index of each memory token: equal contiguous blocks over the valid objects."""
    n = obj_valid.sum().clamp(min=1)
    return torch.floor(torch.arange(memories, dtype=obj_valid.dtype) * n / memories)


def decode_v1(dec, x: PromptInputs):
    cfg = dec.cfg
    q, r = cfg.queries, cfg.memory_tokens
    dtype = x.mask_features.dtype
    m, p = x.spatial["pos_valid"].shape[1:]
    sizes = [f.shape[-2:] for f in x.mask_feature_levels]

    prompt_valid = torch.cat([x.token_valid("spatial"), x.token_valid("reference")], dim=1)  # [M, 2P]
    objects = torch.arange(m, dtype=dtype)
    mem_obj = memory_objects((prompt_valid.sum(1) > 0).to(dtype), r)
    mem_onehot = (mem_obj[:, None] == objects[None, :]).to(dtype)  # [R, M]
    h, w = x.prev_mask.shape[-2:]
    mem_prev = (mem_onehot @ x.prev_mask[0].reshape(m, h * w)).reshape(r, h, w)  # each memory's object mask
    mem_cross = [dec.memory_mask(mem_prev, size) for size in sizes]  # per level, the same for every layer

    t = x.text_tokens.shape[1]
    s = SPATIAL_QUERIES * m
    spatial_obj = objects.repeat_interleave(SPATIAL_QUERIES)
    prompt_obj = objects.repeat_interleave(2 * p)
    counts = [q, q, s, t, r, 2 * m * p]  # tokens per group, in RULES order = sequence order
    group = torch.cat([torch.full((n,), g, dtype=torch.long) for g, n in enumerate(counts)])
    no_object = torch.full((q,), -1.0, dtype=dtype)
    obj = torch.cat([no_object, no_object, spatial_obj, no_object[:1].expand(t), mem_obj, prompt_obj])
    key_valid = torch.cat([torch.ones(2 * q + s, dtype=dtype), x.text_valid[0], x.has_prev.to(dtype).expand(r), prompt_valid.reshape(-1)])
    self_mask = group_attention_mask(group, key_valid, RULES, SAME_OBJECT, obj)

    source = torch.arange(SPATIAL_QUERIES).repeat(m)  # SPATIAL_QUERY_SOURCE per object (torch.tensor mid-trace would be a baked constant)
    query_pos = torch.cat([dec.query_embed.weight, dec.query_embed.weight, dec.query_embed.weight[source]])[:, None]
    queries = torch.cat([dec.query_feat.weight, dec.query_feat.weight, dec.query_feat.weight[source]])[:, None]
    memory = dec.spatial_featured.weight[:, None]
    memory_pos = dec.spatial_embed.weight[:, None]
    text = x.text_tokens[0][:, None]
    text_pos = text
    n_q = queries.shape[0]

    masks = dec.level_masks(queries, x.mask_feature_levels[0])
    for i in range(cfg.dec_layers):
        level = i % len(x.mask_feature_levels)
        cross_mask = torch.cat([dec.attention_mask(masks), mem_cross[level]], dim=1)
        both = torch.cat([queries, memory])
        both = dec.cross_attend(i, both, cross_mask, torch.cat([query_pos, memory_pos]), x)
        queries, memory = both[:n_q], both[n_q:]
        prompt = torch.cat([x.spatial["tokens"][0, :, level], x.reference["tokens"][0, :, level]], dim=1).reshape(2 * m * p, 1, -1)
        seq = torch.cat([queries, text, memory, prompt])
        seq_pos = torch.cat([query_pos, text_pos, memory_pos, prompt])
        seq = dec.transformer_self_attention_layers[i](seq, seq_pos, self_mask, rows=n_q + t + r)  # prompt tokens: keys only
        seq = dec.transformer_ffn_layers[i](seq)
        queries, text, memory = seq[:n_q], seq[n_q:n_q + t], seq[n_q + t:]
        if i + 1 < cfg.dec_layers:
            masks = dec.level_masks(queries, x.mask_feature_levels[(i + 1) % len(x.mask_feature_levels)])
    captions, maskembs, masks, classes = dec.head(queries, x.mask_features, x.vocab)
    tags = torch.cat([torch.full((q,), TAG_OBJECT, dtype=dtype), torch.full((q,), TAG_GROUNDING, dtype=dtype), spatial_obj])
    return {
        "pred_masks": masks[None],
        "pred_class": classes[None],
        "pred_captions": captions[None],
        "pred_maskembs": maskembs[None],
        "query_object": tags[None],
    }


# ---- the split decoder (bundle format 2, query_decoder.onnx) --------------------------------------
# In this layout no group's outputs depend on a group it does not attend to, and cross-attention,
# FFN and LayerNorm act on each token alone: object queries depend only on the image, grounding
# queries on the image and the text, an object's spatial queries on its prompts and memories. So the
# tokens above can be decoded in separate runs — object queries once per image, grounding queries per
# text, spatial queries per click — with the same outputs as decode_v1 decoding them all at once.
# decode_v1 stays as written: it is the reference the split is tested against (tests/test_split.py).

def decode_groups(dec, x: PromptInputs, query_index, query_tags, memory_object, memory_states=None, memory_state_object=None):
    """Decodes any mix of query groups, each run sized to what it holds (every count is dynamic):
    query_index [N] long: the learned query (query_feat/query_embed row) each query starts from;
    query_tags [N] float: -1 object query, -2 grounding query, m >= 0 spatial query of object m;
    memory_object [R] float: the object (slot) of memory token r, which is spatial_featured[r]
    (R = 0 in a run without memory: memories are keys only when has_prev);
    memory_states [L, S, C], memory_state_object [S]: memory tokens 0..S-1 computed by an earlier run (its
    memory_out) — memories attend only to memories, inside their object's prev_mask, so within a round they do
    not depend on the clicks: a memory run computes them once, and each click's run takes them as keys;
    x: prompt tokens [1, M, levels, P, C] (M, P >= 1), text [1, T, C] (T = 0 without text), prev_mask [1, M, h, w].
    Returns pred_masks [1, N, h, w], pred_class [1, N, K], pred_captions / pred_maskembs [1, N, C], and
    memory_out [L, R, C]: the computed memory tokens after each layer's cross-attention."""
    cfg = dec.cfg
    dtype = x.mask_features.dtype
    m, p = x.spatial["pos_valid"].shape[1:]
    sizes = [f.shape[-2:] for f in x.mask_feature_levels]
    if memory_states is None:
        memory_states = torch.zeros(cfg.dec_layers, 0, cfg.hidden, dtype=dtype)
        memory_state_object = torch.zeros(0, dtype=dtype)

    prompt_valid = torch.cat([x.token_valid("spatial"), x.token_valid("reference")], dim=1)  # [M, 2P]
    mem_prev = x.prev_mask[0].index_select(0, memory_object.long())  # [R, h, w]: each memory's object mask
    mem_cross = [dec.memory_mask(mem_prev, size) for size in sizes]

    is_object = (query_tags == TAG_OBJECT).long()
    is_grounding = (query_tags == TAG_GROUNDING).long()
    query_group = is_object * OBJECT_Q + is_grounding * GROUNDING_Q + (1 - is_object - is_grounding) * SPATIAL_Q
    text_valid = x.text_valid[0]
    prompt_obj = torch.arange(m, dtype=dtype)[:, None].expand(m, 2 * p).reshape(-1)
    group = torch.cat([
        query_group,
        torch.zeros_like(text_valid, dtype=torch.long) + TEXT,
        torch.zeros_like(memory_object, dtype=torch.long) + MEMORY,
        torch.zeros_like(memory_state_object, dtype=torch.long) + MEMORY,
        torch.zeros_like(prompt_obj, dtype=torch.long) + PROMPT,
    ])
    obj = torch.cat([query_tags, text_valid * 0 - 1, memory_object, memory_state_object, prompt_obj])
    has_prev = x.has_prev.to(dtype)
    key_valid = torch.cat([query_tags * 0 + 1, text_valid, memory_object * 0 + has_prev, memory_state_object * 0 + has_prev, prompt_valid.reshape(-1)])
    self_mask = group_attention_mask(group, key_valid, RULES, SAME_OBJECT, obj)

    queries = dec.query_feat.weight.index_select(0, query_index)[:, None]
    query_pos = dec.query_embed.weight.index_select(0, query_index)[:, None]
    r = memory_object.shape[0]
    memory = dec.spatial_featured.weight[:r][:, None]
    memory_pos = dec.spatial_embed.weight[:r][:, None]
    known_pos = dec.spatial_embed.weight[:memory_state_object.shape[0]][:, None]
    text = x.text_tokens[0][:, None]
    text_pos = text
    n_q, t = queries.shape[0], text.shape[0]

    memory_out = []
    masks = dec.level_masks(queries, x.mask_feature_levels[0])
    for i in range(cfg.dec_layers):
        level = i % len(x.mask_feature_levels)
        cross_mask = torch.cat([dec.attention_mask(masks), mem_cross[level]], dim=1)
        both = dec.cross_attend(i, torch.cat([queries, memory]), cross_mask, torch.cat([query_pos, memory_pos]), x)
        queries, memory = both[:n_q], both[n_q:]
        memory_out.append(memory[:, 0])
        known = memory_states[i][:, None]  # keys only, like the prompt tokens
        prompt = torch.cat([x.spatial["tokens"][0, :, level], x.reference["tokens"][0, :, level]], dim=1).reshape(2 * m * p, 1, -1)
        seq = torch.cat([queries, text, memory, known, prompt])
        seq_pos = torch.cat([query_pos, text_pos, memory_pos, known_pos, prompt])
        seq = dec.transformer_self_attention_layers[i](seq, seq_pos, self_mask, rows=n_q + t + r)
        seq = dec.transformer_ffn_layers[i](seq)
        queries, text, memory = seq[:n_q], seq[n_q:n_q + t], seq[n_q + t:]
        if i + 1 < cfg.dec_layers:
            masks = dec.level_masks(queries, x.mask_feature_levels[(i + 1) % len(x.mask_feature_levels)])
    captions, maskembs, masks, classes = dec.head(queries, x.mask_features, x.vocab)
    return {
        "pred_masks": masks[None], "pred_class": classes[None], "pred_captions": captions[None], "pred_maskembs": maskembs[None],
        "memory_out": torch.stack(memory_out),
    }


def split_runs(q: int, m: int, memories: int, obj_valid):
    """The groups of decode_v1 as the three runs of the split decoder, as (query_index, query_tags,
    memory_object) each: object queries, grounding queries, and the spatial queries of M objects with
    their memories (memory_objects over the objects with points, as decode_v1 assigns them)."""
    every = torch.arange(q)
    spatial_index = torch.tensor(SPATIAL_QUERY_SOURCE * m)
    spatial_tags = torch.arange(m, dtype=torch.float32).repeat_interleave(SPATIAL_QUERIES)
    none = torch.zeros(0)
    return {
        "object": (every, torch.full((q,), TAG_OBJECT), none),
        "grounding": (every, torch.full((q,), TAG_GROUNDING), none),
        "spatial": (spatial_index, spatial_tags, memory_objects(obj_valid, memories)),
    }
