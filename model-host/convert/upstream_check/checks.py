"""Each check builds one of upstream's modules, loads our module's weights into it by the official key
names (strictly: the key sets must be equal), runs both on the same input and returns
(name, max |delta|, max |upstream value|) rows."""
import torch
import torch.nn.functional as F

from seem_convert.config import TINY, SeemConfig, with_overrides
from seem_convert.language import LanguageEncoder
from seem_convert.layout_v0 import decode_v0
from seem_convert.layout_v1 import SPATIAL_QUERY_SOURCE, decode_v1
from seem_convert.model import SeemModel
from seem_convert.prompt_inputs import PromptInputs

H, W, P = 96, 128, 8


def model(cfg: SeemConfig) -> SeemModel:
    """Our model with every weight moved off its initial value (zero biases and unit scales hide mistakes)."""
    m = SeemModel(cfg).eval()
    with torch.no_grad():
        for p in m.parameters():
            p.add_(torch.randn_like(p) * 0.05)
    return m


def load(upstream, state):
    result = upstream.load_state_dict(state, strict=False)
    if result.missing_keys or result.unexpected_keys:
        raise AssertionError(f"key sets differ: upstream only {result.missing_keys}, ours only {result.unexpected_keys}")
    upstream.eval()  # upstream FocalNet's train() override returns None, so not chained
    return upstream


def row(name, ours, theirs):
    return name, float((ours - theirs).abs().max()), float(theirs.abs().max())


def backbones():
    import modeling.vision.backbone.focal as focal
    import modeling.vision.backbone.focal_dw as focal_dw

    rows = []
    image = torch.randn(1, 3, H, W)
    for name, module, cfg in [("focal_dw", focal_dw, TINY), ("focal", focal, with_overrides(TINY, use_dw=False, stem_padding=2, focal_levels=3))]:
        ours = model(cfg)
        up = load(module.FocalNet(
            embed_dim=cfg.embed_dim, depths=cfg.depths, mlp_ratio=cfg.mlp_ratio, drop_path_rate=0.0,
            focal_levels=[cfg.focal_levels] * 4, focal_windows=[cfg.focal_kernel] * 4, use_conv_embed=True,
            use_postln=True, use_postln_in_modulation=False, scaling_modulator=True, use_layerscale=True,
        ), ours.backbone.state_dict())
        with torch.no_grad():
            mine, theirs = ours.backbone(image), up(image)
        rows += [row(f"backbone {name} res{i + 2}", mine[i], theirs[f"res{i + 2}"]) for i in range(4)]
    return rows


def pixel_decoder():
    from detectron2.layers import ShapeSpec
    from modeling.vision.encoder.transformer_encoder_fpn import TransformerEncoderPixelDecoder

    cfg = TINY
    ours = model(cfg)
    shapes = {f"res{i + 2}": ShapeSpec(channels=d, stride=4 * 2 ** i) for i, d in enumerate(cfg.stage_dims)}
    up = load(TransformerEncoderPixelDecoder(
        input_shape=shapes, transformer_dropout=0.0, transformer_nheads=cfg.enc_heads, transformer_dim_feedforward=cfg.enc_ffn,
        transformer_enc_layers=cfg.enc_layers, transformer_pre_norm=False, conv_dim=cfg.conv_dim, mask_dim=cfg.mask_dim,
        mask_on=True, norm="GN",
    ), ours.sem_seg_head.pixel_decoder.state_dict())
    with torch.no_grad():
        feats = ours.backbone(torch.randn(1, 3, H, W))
        mf, ms = ours.sem_seg_head.pixel_decoder(feats)
        umf, _, ums = up.forward_features({f"res{i + 2}": f for i, f in enumerate(feats)})
    return [row("pixel decoder mask_features", mf, umf)] + [row(f"pixel decoder level {i}", ms[i], ums[i]) for i in range(3)]


def text_encoder():
    from modeling.language.LangEncoder.transformer import Transformer

    cfg = TINY
    lang = model(cfg).predictor.lang_encoder
    up = load(Transformer(context_length=cfg.context, vocab_size=cfg.vocab_size, width=cfg.text_width, layers=cfg.text_layers, heads=cfg.text_heads), lang.lang_encoder.state_dict())
    ids = torch.full((2, cfg.context), 49407)
    ids[:, 0] = 49406
    ids[0, 1:4] = torch.tensor([320, 1125, 539])
    ids[1, 1] = 2368
    with torch.no_grad():
        tokens, eot = lang(ids)
        hidden = up(ids)["last_hidden_state"]  # upstream LanguageEncoder.forward_language_token projects it:
    return [row("text token embeddings", tokens, hidden @ lang.lang_proj),
            row("text EOT embedding", eot, hidden[torch.arange(2), ids.argmax(-1)] @ lang.lang_proj)]


class Scene:
    """Our model's features for one image, the raw pixel-decoder outputs upstream's decoder takes, and
    prompts as upstream wants them (boolean stroke masks) and as we feed them (points)."""

    def __init__(self, cfg: SeemConfig):
        self.cfg, self.m = cfg, model(cfg)
        self.vocab = F.normalize(torch.randn(6, cfg.hidden), dim=-1)
        lang = self.m.predictor.lang_encoder
        lang.compute_similarity = lambda v, name="default", fake=False: LanguageEncoder.similarity(v[0], self.vocab, lang.logit_scale)[None]
        image = torch.rand(1, 3, H, W) * 255
        with torch.no_grad():
            x = (image - self.m.pixel_mean) / self.m.pixel_std
            self.mask_features, self.multi_scale = self.m.sem_seg_head.pixel_decoder(self.m.backbone(x))
            self.enc = self.m.encode_image(image)

    def strokes(self, objects):
        pos = torch.zeros(len(objects), H, W, dtype=torch.bool)
        neg = torch.zeros(len(objects), H, W, dtype=torch.bool)
        for o, pts in enumerate(objects):
            for y, x, label in pts:
                (pos if label else neg)[o, y, x] = True
        return pos, neg

    def visual(self, objects):
        coords = torch.zeros(1, len(objects), P, 2)
        labels = torch.full((1, len(objects), P), -1.0)
        for o, pts in enumerate(objects):
            for j, (y, x, label) in enumerate(pts):
                coords[0, o, j] = torch.tensor([x / W, y / H])
                labels[0, o, j] = float(label)
        with torch.no_grad():
            return self.m.predictor.visual_prompt(self.enc["mask_features"], [self.enc[f"spatial_feat_{i}"] for i in range(3)], coords, labels)

    def inputs(self, spatial, reference, text, prev, has_prev):
        text_tokens, text_valid = torch.zeros(1, 77, self.cfg.hidden), torch.zeros(1, 77)
        text_tokens[0, : len(text)], text_valid[0, : len(text)] = text[:, 0], 1
        return PromptInputs(
            mask_features=self.enc["mask_features"],
            cross_kv=[(self.enc[f"cross_k_{i}"], self.enc[f"cross_v_{i}"]) for i in range(self.cfg.dec_layers)],
            mask_feature_levels=[self.enc[f"mask_features_{i}"] for i in range(3)], spatial=spatial, reference=reference,
            text_tokens=text_tokens, text_valid=text_valid, prev_mask=prev, has_prev=torch.tensor([has_prev]), vocab=self.vocab,
        )

    def decoder_args(self, arch, task_switch):
        c = self.cfg
        return dict(
            hidden_dim=c.hidden, dim_proj=c.hidden, num_queries=c.queries, contxt_len=77, nheads=c.heads,
            dim_feedforward=c.dec_ffn, dec_layers=c.dec_layers, pre_norm=False, mask_dim=c.mask_dim,
            task_switch=task_switch, enforce_input_project=False, max_spatial_len=[512] * 4, attn_arch=arch,
        )


A = [(10, 20, 1), (40, 50, 1), (41, 52, 1), (80, 100, 0)]
B = [(60, 30, 1), (5, 120, 1), (90, 64, 0)]


def demo_decoder(arch):
    """Upstream's demo forward (the v0 layout): clicks, text and a referring image together."""
    import modeling.interface.seem_demo as seem_demo

    s = Scene(TINY)
    up = load(seem_demo.SEEMDecoder(s.m.predictor.lang_encoder, s.cfg.hidden, True, **s.decoder_args(arch, {
        "spatial": True, "grounding": True, "bbox": False, "mask": True, "visual": True, "audio": False})), s.m.predictor.state_dict())
    text = torch.randn(5, 1, s.cfg.hidden)
    with torch.no_grad():
        rp, rn = s.strokes([B])
        visual = up(s.multi_scale, s.mask_features, extra={"spatial_query_pos_mask": [rp], "spatial_query_neg_mask": [rn]}, task="refimg")
        sp, sn = s.strokes([A])
        ref = up(s.multi_scale, s.mask_features, task="demo", extra={
            "spatial_query_pos_mask": [sp], "spatial_query_neg_mask": [sn],
            "grounding_tokens": text, "grounding_nonzero_mask": torch.zeros(1, len(text), dtype=torch.bool), **visual})
        vis, rvis = s.visual([A]), s.visual([B])
        ours = decode_v0(s.m.predictor, s.inputs(vis, rvis, text, torch.full((1, 1, H // 4, W // 4), -20.0), 0.0))
    return [
        row("demo decoder masks", ours["pred_masks"][0], ref["pred_masks"][0]),
        row("demo decoder class logits", ours["pred_class"][0], ref["pred_logits"][0]),
        row("demo decoder captions", ours["pred_captions"][0], ref["pred_captions"][0]),
        row("demo decoder mask embeddings", ours["pred_maskembs"][0], ref["pred_maskembs"][0]),
        row("demo positive summary", vis["pos_summary"][0], ref["pred_pspatials"][0]),
        row("demo reference summary", rvis["pos_summary"][0], ref["pred_pvisuals"][0]),
    ]


def v1_decoder(arch):
    """Upstream's v1 forward: two objects, text and memory, with its random choices fixed as ours."""
    import modeling.interface.seem_v1 as seem_v1
    from modeling.interface.prototype import attention_data_struct_seemv1 as ads

    s = Scene(TINY)
    up = load(seem_v1.SEEMDecoder(s.m.predictor.lang_encoder, s.cfg.hidden, True, **s.decoder_args(arch, {
        "spatial": True, "grounding": True, "bbox": False, "mask": True})), s.m.predictor.state_dict())

    def fixed_queries(self, max_len):  # upstream: randint over the object queries
        idx = torch.tensor(SPATIAL_QUERY_SOURCE * (max_len // len(SPATIAL_QUERY_SOURCE)))
        self.output, self.pos = self.output[idx], self.pos[idx]
        return self

    def fixed_multinomial(probs, num_samples, replacement=False):
        if replacement:  # memory -> object: equal contiguous blocks
            return torch.div(torch.arange(num_samples) * probs.shape[0], num_samples, rounding_mode="floor")
        return torch.arange(num_samples)  # point sampling under the budget keeps every point

    saved = ads.Variable.rand_sample, torch.multinomial
    ads.Variable.rand_sample, torch.multinomial = fixed_queries, fixed_multinomial
    try:
        text = torch.randn(5, 1, s.cfg.hidden)
        prev = torch.randn(1, 2, H // 4, W // 4) * 3
        pos, neg = s.strokes([A, B])
        with torch.no_grad():
            ref = up(s.multi_scale, s.mask_features, task="seg", extra={
                "spatial_query_pos_mask": [pos], "spatial_query_neg_mask": [neg], "prev_mask": prev,
                "grounding_tokens": text, "grounding_nonzero_mask": torch.zeros(1, len(text), dtype=torch.bool)})
            vis = s.visual([A, B])
            ours = decode_v1(s.m.predictor, s.inputs(vis, {k: torch.zeros_like(v) for k, v in vis.items()}, text, prev, 1.0))
    finally:
        ads.Variable.rand_sample, torch.multinomial = saved
    q = s.cfg.queries
    return [
        row("v1 object masks", ours["pred_masks"][0, :q], ref["pred_masks"][0]),
        row("v1 object class logits", ours["pred_class"][0, :q], ref["pred_logits"][0]),
        row("v1 grounding masks", ours["pred_masks"][0, q:2 * q], ref["pred_gmasks"][0]),
        row("v1 grounding captions", ours["pred_captions"][0, q:2 * q], ref["pred_gtexts"][0]),
        row("v1 spatial masks", ours["pred_masks"][0, 2 * q:], ref["pred_smasks"][0]),
        row("v1 spatial mask embeddings", ours["pred_maskembs"][0, 2 * q:], ref["pred_smaskembs"][0]),
        row("v1 positive summaries", vis["pos_summary"][0], ref["pred_pspatials"][0]),
    ]
