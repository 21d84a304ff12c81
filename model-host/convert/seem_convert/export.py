"""ONNX export of the four bundle graphs (opset 17), in float32; precision.py derives the fp16 / int8 variants."""
import inspect
import json
import time
import warnings
from pathlib import Path
from typing import Dict

import onnx
import torch
from onnx import helper

from .contract import BOS_TOKEN_ID, EOT_TOKEN_ID, METADATA_KEYS, PIXEL_MEAN, PIXEL_STD, check_names
from .model import (
    DECODER_OUTPUTS,
    VISUAL_OUTPUTS,
    ImageEncoderGraph,
    PromptDecoderGraph,
    QueryDecoderGraph,
    SPLIT_OUTPUTS,
    SeemModel,
    TextEncoderGraph,
    VisualPromptGraph,
    decoder_inputs,
    encoder_outputs,
    query_decoder_inputs,
    spatial_feat_names,
)

OPSET = 17
# PyTorch 2.9 made the dynamo-based exporter the default; these graphs are written for (and tested with)
# the TorchScript exporter, the only one in Debian's torch 1.13, which has no `dynamo` argument at all.
EXPORTER = {"dynamo": False} if "dynamo" in inspect.signature(torch.onnx.export).parameters else {}


def encoder_axes(name: str, levels: int):
    """Dynamic axes of an encoder output, named by level so the decoder's inputs share them."""
    if name == "mask_features":
        return {2: "h", 3: "w"}
    if name.startswith("cross_"):  # decoder layer i attends to level i % levels
        return {1: f"hw{int(name.rsplit('_', 1)[1]) % levels}"}
    lvl = name.rsplit("_", 1)[1]
    return {2: f"h{lvl}", 3: f"w{lvl}"}


def decoder_feeds(enc: dict, vis: dict, extra: dict, cfg) -> list:
    """prompt_decoder's inputs in decoder_inputs(cfg) order (no reference prompt)."""
    named = {**enc, **{f"spatial_{k}": vis[k] for k in VISUAL_OUTPUTS}, **{f"reference_{k}": torch.zeros_like(vis[k]) for k in VISUAL_OUTPUTS}, **extra}
    return [named[n] for n in decoder_inputs(cfg)]


def query_decoder_example(enc: dict, vis: dict, extra: dict, cfg, enc_names):
    """query_decoder.onnx's names, example inputs and dynamic axes. Every count is dynamic — queries N,
    objects M, points P, text tokens T, memories R — and the example gives each a different size, so the
    tracer cannot mistake one for another."""
    m, p, t, r, n, known = 2, 5, 6, 3, 7, 4
    names = query_decoder_inputs(cfg)
    h, w = enc["mask_features"].shape[-2:]
    tokens = vis["tokens"][:, :1, :, :p].expand(1, m, cfg.feature_levels, p, cfg.hidden).contiguous()
    valid = torch.ones(1, m, p)
    named = {
        **enc,
        "spatial_tokens": tokens, "spatial_pos_valid": valid, "spatial_neg_valid": valid * 0,
        "reference_tokens": tokens * 0, "reference_pos_valid": valid * 0, "reference_neg_valid": valid * 0,
        "text_tokens": extra["text_tokens"][:, :t], "text_valid": extra["text_valid"][:, :t],
        "prev_mask": torch.full((1, m, h, w), -20.0), "has_prev": torch.ones(1),
        "memory_object": torch.tensor([0.0, 1.0, 1.0][:r]),
        "memory_states": torch.randn(cfg.dec_layers, known, cfg.hidden), "memory_state_object": torch.tensor([0.0, 0.0, 1.0, 1.0]),
        "query_index": torch.arange(n), "query_tags": torch.tensor([-1.0, -2.0, 0.0, 0.0, 0.0, 1.0, 1.0][:n]),
        "vocab_embeddings": extra["vocab_embeddings"],
    }
    prompt_axes = {1: "M", 3: "P"}
    valid_axes = {1: "M", 2: "P"}
    axes = {
        **{k: encoder_axes(k, cfg.feature_levels) for k in names if k in enc_names},
        "spatial_tokens": prompt_axes, "reference_tokens": prompt_axes,
        **{f"{g}_{k}": valid_axes for g in ("spatial", "reference") for k in ("pos_valid", "neg_valid")},
        "text_tokens": {1: "T"}, "text_valid": {1: "T"}, "prev_mask": {1: "M", 2: "h", 3: "w"},
        "memory_object": {0: "R"}, "memory_states": {1: "S"}, "memory_state_object": {0: "S"}, "memory_out": {1: "R"}, "query_index": {0: "N"}, "query_tags": {0: "N"}, "vocab_embeddings": {0: "K"},
        "pred_masks": {1: "N", 2: "h", 3: "w"}, "pred_class": {1: "N", 2: "K"}, "pred_captions": {1: "N"}, "pred_maskembs": {1: "N"},
    }
    return names, tuple(named[k] for k in names), axes


def example_inputs(model: SeemModel, height: int, width: int, max_objects: int, max_points: int, classes: int):
    cfg = model.cfg
    with torch.no_grad():
        enc = model.encode_image(torch.full((1, 3, height, width), 120.0))
    coords = torch.rand(1, max_objects, max_points, 2)
    labels = torch.full((1, max_objects, max_points), -1.0)
    labels[0, 0, :3] = torch.tensor([1.0, 1.0, 0.0])
    with torch.no_grad():
        vis = model.predictor.visual_prompt(enc["mask_features"], [enc[n] for n in spatial_feat_names(cfg)], coords, labels)
    t = cfg.context
    text_valid = torch.zeros(1, t)
    text_valid[0, :4] = 1
    vocab = torch.nn.functional.normalize(torch.randn(classes, cfg.hidden), dim=-1)
    h4, w4 = enc["mask_features"].shape[-2:]
    return enc, coords, labels, vis, {
        "text_tokens": torch.randn(1, t, cfg.hidden),
        "text_valid": text_valid,
        "text_eot": torch.randn(1, cfg.hidden),
        "prev_mask": torch.full((1, max_objects, h4, w4), -20.0),
        "has_prev": torch.zeros(1),
        "vocab_embeddings": vocab,
    }


class ExportError(RuntimeError):
    pass


# torch.onnx's own notes that do not affect the graph: its shape inference has no rule for prim::Constant.
BENIGN = ("The shape inference of prim::Constant type is missing",)


def harmless_trace_check(w) -> bool:
    """torch's group_norm validates its input size in Python (functional.py _verify_batch_size): the check reads
    traced sizes, which the tracer flags, but it only raises or passes — nothing reaches the graph."""
    return Path(w.filename).match("*/torch/nn/functional.py") and "Python boolean" in str(w.message)


def report_warnings(name: str, caught, log) -> None:
    """A tracer warning means a value was read as a Python number during the trace — a shape or count baked into
    the graph as a constant, wrong at any other size: the export fails, naming where. Known-benign torch.onnx
    notes are counted in one line; any other warning is shown as it is."""
    baked = [w for w in caught if issubclass(w.category, torch.jit.TracerWarning) and not harmless_trace_check(w)]
    if baked:
        where = "; ".join(f"{Path(w.filename).name}:{w.lineno}: {str(w.message).splitlines()[0]}" for w in baked)
        raise ExportError(f"{name}: the trace baked a value into the graph ({where})")
    benign = [w for w in caught if any(b in str(w.message) for b in BENIGN) or harmless_trace_check(w)]
    if benign:
        log(f"  ({len(benign)} harmless torch notes: shape inference of prim::Constant, group_norm's size check)")
    for w in caught:
        if w not in benign:
            log(f"  warning: {w.category.__name__}: {w.message}")


def record_normalisation(path: Path) -> None:
    """The pixel mean/std the encoder bakes in, in its ONNX metadata: the engine's loader compares them with
    seem.json, so a bundle whose manifest and graph disagree is refused instead of segmenting a shifted image."""
    m = onnx.load(str(path))
    helper.set_model_props(m, {METADATA_KEYS["mean"]: json.dumps(list(PIXEL_MEAN)), METADATA_KEYS["std"]: json.dumps(list(PIXEL_STD))})
    onnx.save(m, str(path))


def export_graphs(model: SeemModel, out: Path, layout: str, decoder: str, max_objects: int, max_points: int, log=print) -> dict:
    """M = max_objects and P = max_points are fixed in the prompt-side graphs; image sizes stay dynamic."""
    out.mkdir(parents=True, exist_ok=True)
    model.eval()
    cfg = model.cfg
    enc, coords, labels, vis, extra = example_inputs(model, 128, 160, max_objects, max_points, cfg.classes)
    times = {}

    def run(name, module, args, input_names, output_names, axes):
        t0 = time.time()
        log(f"exporting {name} …")
        with torch.no_grad(), warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            torch.onnx.export(
                module, args, str(out / name), opset_version=OPSET, input_names=input_names,
                output_names=output_names, dynamic_axes=axes, do_constant_folding=True, **EXPORTER,
            )
        report_warnings(name, caught, log)
        check_names(name, input_names, output_names)
        onnx.checker.check_model(str(out / name), full_check=True)
        times[name] = round(time.time() - t0, 1)

    enc_names = encoder_outputs(cfg)
    enc_axes = {"image": {2: "H", 3: "W"}, **{k: encoder_axes(k, cfg.feature_levels) for k in enc_names}}
    run("image_encoder.onnx", ImageEncoderGraph(model), (torch.full((1, 3, 128, 160), 120.0),), ["image"], enc_names, enc_axes)
    record_normalisation(out / "image_encoder.onnx")

    spatial_names = spatial_feat_names(cfg)
    vis_axes = {"mask_features": {2: "h", 3: "w"}, **{n: {2: f"h{n[-1]}", 3: f"w{n[-1]}"} for n in spatial_names}}
    run(
        "visual_prompt.onnx", VisualPromptGraph(model),
        (enc["mask_features"], *[enc[n] for n in spatial_names], coords, labels),
        ["mask_features", *spatial_names, "point_coords", "point_labels"], VISUAL_OUTPUTS, vis_axes,
    )

    dec_names = decoder_inputs(cfg)
    dec_axes = {
        **{k: encoder_axes(k, cfg.feature_levels) for k in dec_names if k in enc_names},
        "prev_mask": {2: "h", 3: "w"},
        "vocab_embeddings": {0: "K"},
        "pred_masks": {2: "h", 3: "w"},
        "pred_class": {2: "K"},
    }
    if decoder == "split":
        names, args, axes = query_decoder_example(enc, vis, extra, cfg, enc_names)
        run("query_decoder.onnx", QueryDecoderGraph(model), args, names, SPLIT_OUTPUTS, axes)
    else:
        run("prompt_decoder.onnx", PromptDecoderGraph(model, layout), tuple(decoder_feeds(enc, vis, extra, cfg)), dec_names, DECODER_OUTPUTS, dec_axes)

    ids = torch.zeros(2, cfg.context, dtype=torch.long)
    ids[:, 0], ids[:, 1], ids[:, 2:] = BOS_TOKEN_ID % cfg.vocab_size, 320, EOT_TOKEN_ID % cfg.vocab_size
    run("text_encoder.onnx", TextEncoderGraph(model), (ids,), ["input_ids"], ["token_embeddings", "eot_embedding"],
        {"input_ids": {0: "B", 1: "T"}, "token_embeddings": {0: "B", 1: "T"}, "eot_embedding": {0: "B"}})
    return times


def parameter_count(model: torch.nn.Module) -> Dict[str, int]:
    groups: Dict[str, int] = {}
    for k, v in model.state_dict().items():
        head = "sem_seg_head.predictor.lang_encoder" if k.startswith("sem_seg_head.predictor.lang_encoder") else ".".join(k.split(".")[:2]) if k.startswith("sem_seg_head") else k.split(".")[0]
        groups[head] = groups.get(head, 0) + v.numel()
    return groups


def write_info(out: Path, info: dict) -> None:
    (out / "export-info.json").write_text(json.dumps(info, indent=2))
