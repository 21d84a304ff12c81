"""The demo/v0 decoder layout (seem_focalt_v0.pt, seem_focall_v0.pt with the demo config): one object.
Self-attention, in the order concatenated here:
  object queries  Q  -> every group (valid tokens only)
  text tokens     T  -> object queries, valid text tokens
  spatial tokens  P  -> valid spatial tokens (points drawn on this image)
  reference tok.  P  -> valid reference tokens (points drawn on another image: upstream's `visual`)
Only the object queries cross-attend the image. Text tokens persist through the layers; prompt tokens
are reset to their fresh values every layer and are their own positions (q = k = 2 * token); the text
tokens' positions are their initial values (upstream sets both from the same tensor)."""
import torch

from .attention_mask import group_attention_mask
from .prompt_inputs import PromptInputs

QUERIES, TEXT, SPATIAL, REFERENCE = range(4)
RULES = torch.tensor([
    [1, 1, 1, 1],  # queries see every group
    [1, 1, 0, 0],  # text: queries + text
    [0, 0, 1, 0],  # spatial tokens: themselves
    [0, 0, 0, 1],  # reference tokens: themselves
])


def decode_v0(dec, x: PromptInputs):
    """Object 0 of the spatial/reference groups."""
    cfg = dec.cfg
    q = cfg.queries
    dtype = x.mask_features.dtype
    output = dec.query_feat.weight[:, None]
    query_pos = dec.query_embed.weight[:, None]
    text = x.text_tokens[0][:, None]  # [T, 1, C]
    text_pos = text
    t = text.shape[0]
    s_valid, r_valid = x.token_valid("spatial")[0], x.token_valid("reference")[0]
    p = s_valid.shape[0]
    group = torch.cat([torch.full((q,), QUERIES, dtype=torch.long), torch.full((t,), TEXT, dtype=torch.long), torch.full((p,), SPATIAL, dtype=torch.long), torch.full((p,), REFERENCE, dtype=torch.long)])
    key_valid = torch.cat([torch.ones(q, dtype=dtype), x.text_valid[0], s_valid, r_valid])
    self_mask = group_attention_mask(group, key_valid, RULES)

    masks = dec.level_masks(output, x.mask_feature_levels[0])
    for i in range(cfg.dec_layers):
        level = i % len(x.mask_feature_levels)
        cross_mask = dec.attention_mask(masks)
        output = dec.cross_attend(i, output, cross_mask, query_pos, x)
        s_tok = x.spatial["tokens"][0, 0, level][:, None]
        r_tok = x.reference["tokens"][0, 0, level][:, None]
        seq = torch.cat([output, text, s_tok, r_tok], dim=0)
        seq_pos = torch.cat([query_pos, text_pos, s_tok, r_tok], dim=0)
        seq = dec.transformer_self_attention_layers[i](seq, seq_pos, self_mask, rows=q + t)  # prompt tokens: keys only
        seq = dec.transformer_ffn_layers[i](seq)
        output, text = seq[:q], seq[q:]
        if i + 1 < cfg.dec_layers:
            masks = dec.level_masks(output, x.mask_feature_levels[(i + 1) % len(x.mask_feature_levels)])
    captions, maskembs, masks, classes = dec.head(output, x.mask_features, x.vocab)
    return {
        "pred_masks": masks[None],
        "pred_class": classes[None],
        "pred_captions": captions[None],
        "pred_maskembs": maskembs[None],
        "query_object": -torch.ones(1, q, dtype=dtype),
    }
