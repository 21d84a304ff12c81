"""python3 -m seem_convert export --out DIR (--checkpoint FILE | --random-init --config tiny|focalt|focall)
Writes the four ONNX graphs and export-info.json; `npm run convert` wraps this and completes the bundle
(tokenizer.json, vocabulary.bin, seem.json)."""
import argparse
import json
import math
import sys
import time
from pathlib import Path

import torch

from .config import CONFIGS
from .export import ExportError, export_graphs, parameter_count, write_info
from .loading import CheckpointError, check_config, choose_layout, detect, load_strict, read_state_dict
from .precision import PRECISIONS, write_variants
from .model import SeemModel


def log(msg: str) -> None:
    print(f"[convert] {msg}", flush=True)


def parse_precisions(parser, text: str) -> list:
    names = [p.strip() for p in text.split(",") if p.strip()]
    bad = [p for p in names if p not in PRECISIONS]
    if not names or bad or len(set(names)) != len(names):
        parser.error(f"--precision {text}: give distinct names from {', '.join(PRECISIONS)}")
    return names


def check_objects(parser, layout: str, max_objects) -> None:
    if max_objects is not None and (max_objects < 1 or (layout == "v0" and max_objects != 1)):
        parser.error(f"--max-objects {max_objects}: the v0 layout decodes exactly 1 object, v1 at least 1")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="seem_convert")
    sub = p.add_subparsers(dest="command", required=True)
    e = sub.add_parser("export", help="export a checkpoint (or random weights) to ONNX")
    e.add_argument("--out", required=True)
    e.add_argument("--checkpoint")
    e.add_argument("--random-init", action="store_true")
    e.add_argument("--config", choices=sorted(CONFIGS))
    e.add_argument("--layout", choices=["demo", "v0", "v1"], help="decoder layout (default: from the file name, else v0)")
    e.add_argument("--decoder", choices=["split", "combined"], help="v1: split by query group (default) or one combined graph (a reference: every query per click); v0 is always combined")
    e.add_argument("--seed", type=int, default=0)
    e.add_argument("--max-points", type=int, default=128)
    e.add_argument("--max-objects", type=int, help="objects per decode, v1 layout only (default 1; v0 is always 1)")
    e.add_argument("--precision", default="fp32", help="comma-separated, from " + ", ".join(PRECISIONS) + ": the first is the base graphs, the others variants beside them")
    e.add_argument("--trust-checkpoint", action="store_true", help="unpickle the checkpoint in full (it may run code)")
    e.add_argument("--save-checkpoint", help="also save the model's state_dict (official key names) here")
    v = sub.add_parser("variants", help="add precision variants of an exported bundle's graphs")
    v.add_argument("--dir", required=True)
    v.add_argument("--precision", required=True, help="comma-separated: " + ", ".join(p for p in PRECISIONS if p != "fp32"))
    v.add_argument("--decoder", choices=["split", "combined"], required=True)
    a = p.parse_args(argv)
    if a.command == "variants":
        precisions = parse_precisions(p, a.precision)
        print(json.dumps(write_variants(Path(a.dir), a.decoder, precisions, "fp32", log)))
        return 0
    precisions = parse_precisions(p, a.precision)

    t0 = time.time()
    torch.manual_seed(a.seed)
    if a.random_init:
        if not a.config:
            p.error("--random-init needs --config")
        cfg = CONFIGS[a.config]
        model = SeemModel(cfg)
        layout, source, ignored = choose_layout("", a.layout, "v0/v1"), f"random init (seed {a.seed})", []
        check_objects(p, layout, a.max_objects)
    else:
        if not a.checkpoint:
            p.error("give --checkpoint FILE or --random-init --config NAME")
        try:
            log(f"reading {a.checkpoint}")
            state = read_state_dict(a.checkpoint, a.trust_checkpoint)
            detected = detect(state)
            if a.config:
                check_config(detected.config, CONFIGS[a.config])
            cfg = detected.config
            layout = choose_layout(Path(a.checkpoint).name, a.layout, detected.key_set)
            check_objects(p, layout, a.max_objects)
            model = SeemModel(cfg)
            ignored = load_strict(model, state)
            source = Path(a.checkpoint).name
            log(f"loaded {len(state) - len(ignored)} tensors strictly ({cfg.name}, key set {detected.key_set}); ignored: {', '.join(ignored) or 'none'}")
        except CheckpointError as err:
            print(f"seem_convert: {err}", file=sys.stderr)
            return 2
    max_objects = a.max_objects or 1
    if layout == "v0" and a.decoder == "split":
        p.error("--decoder split needs the v1 layout (v0's object queries see the prompts)")
    decoder = a.decoder or ("split" if layout == "v1" else "combined")
    out = Path(a.out)
    if a.save_checkpoint:
        torch.save(model.state_dict(), a.save_checkpoint)
    log(f"decoder layout {layout}, {max_objects} object(s) per decode, {a.max_points} points per object")
    try:
        times = export_graphs(model, out, layout, decoder, max_objects, a.max_points, log)
    except ExportError as err:
        print(f"seem_convert: {err}", file=sys.stderr)
        return 3
    variants = write_variants(out, decoder, precisions[1:], precisions[0], log) if len(precisions) > 1 or precisions[0] != "fp32" else {}
    params = parameter_count(model)
    info = {
        "config": cfg.name,
        "layout": layout,
        "decoder": decoder,
        "source": source,
        "precision": precisions[0],
        "variants": variants,
        "hidden": cfg.hidden,
        "queries": cfg.queries,  # object queries (format 2)
        "memoryTokens": cfg.memory_tokens if layout == "v1" else 0,
        "decoderLayers": cfg.dec_layers if layout == "v1" else 0,
        "featureLevels": cfg.feature_levels,
        "maxObjects": max_objects,
        "maxPoints": a.max_points,
        "maxTextTokens": cfg.context,
        "vocabSize": cfg.vocab_size,
        "logitScale": math.exp(float(model.predictor.lang_encoder.logit_scale)),
        "parameters": params,
        "totalParameters": sum(params.values()),
        "exportSeconds": times,
        "seconds": round(time.time() - t0, 1),
    }
    write_info(out, info)
    log(f"done in {info['seconds']} s: {info['totalParameters']:,} parameters")
    return 0


if __name__ == "__main__":
    sys.exit(main())
