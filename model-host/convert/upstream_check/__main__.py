"""python3 -m upstream_check --upstream <checkout of UX-Decoder/Segment-Everything-Everywhere-All-At-Once, branch v1.0>

Runs upstream's own modules beside ours on the same random weights (tiny sizes, every structural
feature): both FocalNet types, the pixel decoder, the text encoder, the demo decoder (our v0 layout)
and the v1 decoder. Needs PyTorch and PyYAML; upstream's other dependencies are replaced by small
shims. Prints max |delta| per output.

Then the pipeline around the model (pipeline.py): names, preprocessing, mask mapping, segment
everything, mask choice and label, upstream's lines against the engine's TypeScript modules (run in
Node). Prints mismatches per stage. Exits 1 if a module exceeds the tolerance or a pipeline stage
differs in a way that is not a documented choice. --modules-only / --pipeline-only run one half."""
import argparse
import sys
from pathlib import Path

import torch
import yaml

from . import skeleton

TOLERANCE = 1e-4


def attention_arch(checkout: Path, config: str, memories: int) -> dict:
    """ATTENTION_ARCH of an official config, with the memory count of our tiny model."""
    arch = yaml.safe_load((checkout / "configs/seem" / config).read_text())["ATTENTION_ARCH"]
    return {**arch, "SPATIAL_MEMORIES": memories}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="upstream_check")
    p.add_argument("--upstream", required=True, type=Path, help="a checkout of upstream SEEM (v1.0 branch)")
    half = p.add_mutually_exclusive_group()
    half.add_argument("--modules-only", action="store_true", help="only the modules (no Node needed)")
    half.add_argument("--pipeline-only", action="store_true", help="only the pipeline around the model")
    a = p.parse_args(argv)
    modules_ok = True if a.pipeline_only else check_modules(a.upstream)
    pipeline_ok = True if a.modules_only else check_pipeline(a.upstream)
    return 0 if modules_ok and pipeline_ok else 1


def check_pipeline(checkout: Path) -> bool:
    from . import pipeline

    rows = pipeline.run(checkout)
    print("\npipeline (upstream's lines vs the engine's modules):")
    bad = 0
    for stage, what, mismatches, total, note in rows:
        print(f"{stage:11s} {what:44s} {mismatches:>7d} of {total:<8d} differ  {note}")
        bad += mismatches
    print(f"\n{'OK' if bad == 0 else 'MISMATCH'}: pipeline, {bad} differences over {len(rows)} comparisons")
    return bad == 0


def check_modules(checkout: Path) -> bool:
    skeleton.install(checkout)
    from . import checks  # after install: checks import upstream modules lazily, ours directly

    torch.manual_seed(0)
    memories = checks.TINY.memory_tokens
    rows = [
        *checks.backbones(),
        *checks.pixel_decoder(),
        *checks.text_encoder(),
        *checks.demo_decoder(attention_arch(checkout, "focalt_unicl_lang_demo.yaml", memories)),
        *checks.v1_decoder(attention_arch(checkout, "focalt_unicl_lang_v1.yaml", memories)),
    ]
    worst = 0.0
    for name, delta, scale in rows:
        print(f"{name:34s} max |delta| {delta:9.2e}   (values up to {scale:.2f})")
        worst = max(worst, delta)
    ok = worst < TOLERANCE
    print(f"\n{'OK' if ok else 'MISMATCH'}: worst {worst:.2e} (tolerance {TOLERANCE:g}) over {len(rows)} outputs")
    return ok


if __name__ == "__main__":
    sys.exit(main())
