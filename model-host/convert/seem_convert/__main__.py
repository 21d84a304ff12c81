"""python3 -m seem_convert export --out DIR (--checkpoint FILE | --random-init --config tiny|focalt|focall)
Writes the four ONNX graphs and export-info.json; `npm run convert` wraps this and completes the bundle
(tokenizer.json, vocabulary.bin, seem.json)."""
import argparse
import math
import sys
import time
from pathlib import Path

import torch

from .config import CONFIGS
from .export import export_graphs, parameter_count, to_fp16_weights, write_info
from .loading import CheckpointError, check_config, detect, load_strict, read_state_dict
from .model import SeemModel


def log(msg: str) -> None:
    print(f"[convert] {msg}", flush=True)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="seem_convert")
    sub = p.add_subparsers(dest="command", required=True)
    e = sub.add_parser("export", help="export a checkpoint (or random weights) to ONNX")
    e.add_argument("--out", required=True)
    e.add_argument("--checkpoint")
    e.add_argument("--random-init", action="store_true")
    e.add_argument("--config", choices=sorted(CONFIGS))
    e.add_argument("--layout", choices=["demo", "v0", "v1"], help="decoder layout (default: from the file name, else v0)")
    e.add_argument("--seed", type=int, default=0)
    e.add_argument("--max-points", type=int, default=128)
    e.add_argument("--precision", choices=["fp32", "fp16"], default="fp32")
    e.add_argument("--save-checkpoint", help="also save the model's state_dict (official key names) here")
    a = p.parse_args(argv)

    t0 = time.time()
    torch.manual_seed(a.seed)
    if a.random_init:
        if not a.config:
            p.error("--random-init needs --config")
        cfg = CONFIGS[a.config]
        model = SeemModel(cfg)
        layout, source, ignored = "v0", f"random init (seed {a.seed})", []
    else:
        if not a.checkpoint:
            p.error("give --checkpoint FILE or --random-init --config NAME")
        try:
            log(f"reading {a.checkpoint}")
            state = read_state_dict(a.checkpoint)
            detected = detect(state)
            if a.config:
                check_config(detected.config, CONFIGS[a.config])
            cfg = detected.config
            layout = a.layout or ("v1" if "v1" in Path(a.checkpoint).name else "v0")
            if layout == "v1":
                raise CheckpointError(
                    "v1 checkpoints (several objects, memory tokens) need the v1 decoder forward, which this converter "
                    "does not implement yet; export with --layout v0 to run them with the single-object v0 forward "
                    "(same weights, different query routing: expect weaker interactive results)"
                )
            model = SeemModel(cfg)
            ignored = load_strict(model, state)
            source = Path(a.checkpoint).name
            log(f"loaded {len(state) - len(ignored)} tensors strictly ({cfg.name}, key set {detected.key_set}); ignored: {', '.join(ignored) or 'none'}")
        except CheckpointError as err:
            print(f"seem_convert: {err}", file=sys.stderr)
            return 2
    out = Path(a.out)
    if a.save_checkpoint:
        torch.save(model.state_dict(), a.save_checkpoint)
    times = export_graphs(model, out, a.max_points, log)
    if a.precision == "fp16":
        for name in ("image_encoder.onnx", "visual_prompt.onnx", "prompt_decoder.onnx", "text_encoder.onnx"):
            to_fp16_weights(out / name, out / name)
    params = parameter_count(model)
    info = {
        "config": cfg.name,
        "layout": layout,
        "source": source,
        "precision": a.precision,
        "hidden": cfg.hidden,
        "queries": cfg.queries,
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
