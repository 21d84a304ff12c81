"""The whole SEEM model under the official state_dict names, and the four export graphs."""
import torch
from torch import nn

from .config import SeemConfig
from .contract import PIXEL_MEAN, PIXEL_STD
from .decoder import SeemDecoder
from .prompt_inputs import PromptInputs
from .focalnet import FocalNet
from .layout_v1 import decode_groups
from .pixel_decoder import PixelDecoder


class SemSegHead(nn.Module):
    def __init__(self, cfg: SeemConfig):
        super().__init__()
        self.pixel_decoder = PixelDecoder(cfg)
        self.predictor = SeemDecoder(cfg)


class SeemModel(nn.Module):
    def __init__(self, cfg: SeemConfig):
        super().__init__()
        self.cfg = cfg
        self.backbone = FocalNet(cfg)
        self.sem_seg_head = SemSegHead(cfg)
        # In every official checkpoint (used by the training-time click simulator); kept so loading is strict.
        self.register_buffer("dilation_kernel", torch.ones(1, 1, 3, 3))
        self.register_buffer("pixel_mean", torch.tensor(PIXEL_MEAN).view(1, 3, 1, 1), persistent=False)
        self.register_buffer("pixel_std", torch.tensor(PIXEL_STD).view(1, 3, 1, 1), persistent=False)

    @property
    def predictor(self) -> SeemDecoder:
        return self.sem_seg_head.predictor

    def encode_image(self, image):
        """image [1, 3, H, W], RGB 0-255, padded with the mean colour -> dict of encoder outputs."""
        x = (image - self.pixel_mean) / self.pixel_std
        mask_features, multi_scale = self.sem_seg_head.pixel_decoder(self.backbone(x))
        return {"mask_features": mask_features, **self.predictor.encoder_extras(multi_scale, mask_features)}


# ---- export wrappers: positional inputs/outputs in the bundle contract's order ---------------
VISUAL_OUTPUTS = ["tokens", "pos_valid", "neg_valid", "pos_summary", "neg_summary"]
DECODER_OUTPUTS = ["pred_masks", "pred_class", "pred_captions", "pred_maskembs", "query_object"]


def spatial_feat_names(cfg: SeemConfig):
    """Per feature level: what visual prompts sample (visual_prompt.onnx's inputs)."""
    return [f"spatial_feat_{i}" for i in range(cfg.feature_levels)]


def mask_feature_level_names(cfg: SeemConfig):
    """Per feature level: mask_features resized to it (the intermediate heads' inputs)."""
    return [f"mask_features_{i}" for i in range(cfg.feature_levels)]


def cross_kv_names(cfg: SeemConfig):
    return [f"cross_{kv}_{i}" for i in range(cfg.dec_layers) for kv in ("k", "v")]


def encoder_outputs(cfg: SeemConfig):
    """What image_encoder.onnx outputs (level_l / level_pos_l stay inside it: the decoder only needs
    the cross-attention keys and values made from them). mask_features_l, the map resized to each level,
    is cached rather than recomputed per click: resizing the 512 × 128 × 128 map cost a click ~15 ms
    (onnxruntime-node, 1 thread) against 11 MB per 512² image."""
    return ["mask_features", *spatial_feat_names(cfg), *mask_feature_level_names(cfg), *cross_kv_names(cfg)]


def decoder_inputs(cfg: SeemConfig):
    return [
        "mask_features", *mask_feature_level_names(cfg), *cross_kv_names(cfg),
        *[f"spatial_{k}" for k in VISUAL_OUTPUTS], *[f"reference_{k}" for k in VISUAL_OUTPUTS],
        "text_tokens", "text_valid", "text_eot", "prev_mask", "has_prev", "vocab_embeddings",
    ]


class ImageEncoderGraph(nn.Module):
    def __init__(self, model: SeemModel):
        super().__init__()
        self.model = model

    def forward(self, image):
        out = self.model.encode_image(image)
        return tuple(out[k] for k in encoder_outputs(self.model.cfg))


class VisualPromptGraph(nn.Module):
    def __init__(self, model: SeemModel):
        super().__init__()
        self.model = model

    def forward(self, mask_features, *rest):
        """Positional: mask_features, spatial_feat_0 … spatial_feat_{levels-1}, point_coords, point_labels."""
        *spatial_feats, point_coords, point_labels = rest
        out = self.model.predictor.visual_prompt(mask_features, spatial_feats, point_coords, point_labels)
        return tuple(out[k] for k in VISUAL_OUTPUTS)


class PromptDecoderGraph(nn.Module):
    """prompt_decoder.onnx for one layout. Positional inputs in decoder_inputs(cfg) order; the exporter drops the
    inputs a layout's forward never reads (v0: the summaries, text_eot, prev_mask, has_prev), which the contract
    marks optional and the engine then does not feed."""

    def __init__(self, model: SeemModel, layout: str):
        super().__init__()
        self.model, self.layout = model, layout

    def forward(self, *args):
        cfg = self.model.cfg
        a = dict(zip(decoder_inputs(cfg), args))
        x = prompt_inputs_from(a, cfg)
        out = self.model.predictor.decode(self.layout, x)
        return tuple(out[k] for k in DECODER_OUTPUTS)


VISUAL_TOKEN_INPUTS = [f"{g}_{k}" for g in ("spatial", "reference") for k in ("tokens", "pos_valid", "neg_valid")]
SPLIT_INPUTS = [
    "text_tokens", "text_valid", "prev_mask", "has_prev", "memory_object", "memory_states", "memory_state_object",
    "query_index", "query_tags", "vocab_embeddings",
]
SPLIT_OUTPUTS = ["pred_masks", "pred_class", "pred_captions", "pred_maskembs", "memory_out"]


def query_decoder_inputs(cfg: SeemConfig):
    """query_decoder.onnx's inputs (v1 layout, bundle format 2): encoder outputs, prompt tokens, the run's groups."""
    return ["mask_features", *mask_feature_level_names(cfg), *cross_kv_names(cfg), *VISUAL_TOKEN_INPUTS, *SPLIT_INPUTS]


class QueryDecoderGraph(nn.Module):
    """query_decoder.onnx: the v1 decoder over whichever query groups a run holds (layout_v1.decode_groups).
    Positional inputs in query_decoder_inputs(cfg) order."""

    def __init__(self, model: SeemModel):
        super().__init__()
        self.model = model

    def forward(self, *args):
        cfg = self.model.cfg
        a = dict(zip(query_decoder_inputs(cfg), args))
        out = decode_groups(
            self.model.predictor, prompt_inputs_from(a, cfg), a["query_index"], a["query_tags"], a["memory_object"],
            a["memory_states"], a["memory_state_object"],
        )
        return tuple(out[k] for k in SPLIT_OUTPUTS)


def prompt_inputs_from(a: dict, cfg: SeemConfig) -> PromptInputs:
    """Named graph inputs -> the decoder's PromptInputs."""
    def visual(group):
        return {k: a[f"{group}_{k}"] for k in ("tokens", "pos_valid", "neg_valid")}

    return PromptInputs(
        mask_features=a["mask_features"],
        cross_kv=[(a[f"cross_k_{i}"], a[f"cross_v_{i}"]) for i in range(cfg.dec_layers)],
        mask_feature_levels=[a[n] for n in mask_feature_level_names(cfg)],
        spatial=visual("spatial"), reference=visual("reference"),
        text_tokens=a["text_tokens"], text_valid=a["text_valid"], prev_mask=a["prev_mask"], has_prev=a["has_prev"],
        vocab=a["vocab_embeddings"],
    )


class TextEncoderGraph(nn.Module):
    def __init__(self, model: SeemModel):
        super().__init__()
        self.model = model

    def forward(self, input_ids):
        return self.model.predictor.lang_encoder(input_ids)
