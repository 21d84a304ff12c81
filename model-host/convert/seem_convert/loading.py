"""Strict loading of official SEEM checkpoints: every checkpoint key is used or explicitly ignored;
missing, unexpected and mis-shaped keys are all reported together, by name. The variant (Focal-T /
Focal-L, demo / v0-v1 key set) is detected from the keys and shapes, and a config that does not
match the checkpoint is refused. (Upstream loads with strict=False and only logs problems.)"""
import pickle
import re
from dataclasses import dataclass
from typing import Dict, List

import torch

from .config import CONFIGS, SeemConfig, with_overrides

# Keys in official checkpoints that inference does not use.
IGNORED = [
    re.compile(r"^criterion\."),  # training loss weights (v0/v1 files)
]


class CheckpointError(Exception):
    pass


@dataclass
class Detected:
    config: SeemConfig
    key_set: str  # "demo" (no criterion) or "v0/v1"


def read_state_dict(path: str, trusted: bool = False) -> Dict[str, torch.Tensor]:
    """Checkpoints are pickles, and a pickle can run code: unless the user vouches for the file
    (--trust-checkpoint), only tensors and plain containers are unpickled."""
    try:
        obj = torch.load(path, map_location="cpu", weights_only=not trusted)
    except pickle.UnpicklingError as e:
        raise CheckpointError(
            f"{path}: holds more than tensors, and unpickling it in full could run code from the file. "
            "If you trust where it came from, convert again with --trust-checkpoint"
        ) from e
    for key in ("model", "state_dict"):
        if isinstance(obj, dict) and key in obj and isinstance(obj[key], dict):
            obj = obj[key]
    if not isinstance(obj, dict) or not all(isinstance(v, torch.Tensor) for v in obj.values()):
        raise CheckpointError(f"{path}: not a SEEM state_dict (expected a flat dict of tensors)")
    # Some tools save the wrapper's state_dict, which prefixes every key with "model.".
    if all(k.startswith("model.") for k in obj):
        obj = {k[len("model."):]: v for k, v in obj.items()}
    return obj


def detect(state: Dict[str, torch.Tensor]) -> Detected:
    """Backbone size and structure from the keys; the rest of the config follows the official sizes."""
    try:
        embed = state["backbone.patch_embed.proj.weight"].shape[0]
    except KeyError as e:
        raise CheckpointError("not a SEEM FocalNet checkpoint: backbone.patch_embed.proj.weight is missing") from e
    base = {96: CONFIGS["focalt"], 192: CONFIGS["focall"]}.get(embed)
    if base is None:
        base = CONFIGS["tiny"] if embed == CONFIGS["tiny"].embed_dim else None
    if base is None:
        raise CheckpointError(f"unknown backbone width {embed} (Focal-T is 96, Focal-L 192)")
    depths = [1 + max((int(m.group(1)) for k in state if (m := re.match(rf"backbone\.layers\.{s}\.blocks\.(\d+)\.", k))), default=-1) for s in range(4)]
    levels = len({k for k in state if re.match(r"backbone\.layers\.0\.blocks\.0\.modulation\.focal_layers\.\d+\.0\.weight$", k)})
    use_dw = "backbone.layers.0.blocks.0.dw1.weight" in state
    dec_layers = 1 + max(int(m.group(1)) for k in state if (m := re.match(r"sem_seg_head\.predictor\.transformer_ffn_layers\.(\d+)\.", k)))
    enc_layers = 1 + max(int(m.group(1)) for k in state if (m := re.match(r"sem_seg_head\.pixel_decoder\.transformer\.encoder\.layers\.(\d+)\.", k)))
    text_layers = 1 + max(int(m.group(1)) for k in state if (m := re.match(r"sem_seg_head\.predictor\.lang_encoder\.lang_encoder\.resblocks\.(\d+)\.", k)))
    queries = state["sem_seg_head.predictor.query_feat.weight"].shape[0]
    feature_levels = state["sem_seg_head.predictor.level_embed.weight"].shape[0]
    cfg = with_overrides(
        base,
        depths=depths,
        focal_levels=levels,
        use_dw=use_dw,
        dec_layers=dec_layers,
        enc_layers=enc_layers,
        text_layers=text_layers,
        queries=queries,
        feature_levels=feature_levels,
        memory_tokens=state["sem_seg_head.predictor.spatial_embed.weight"].shape[0],
    )
    return Detected(cfg, "v0/v1" if any(k.startswith("criterion.") for k in state) else "demo")


def check_config(detected: SeemConfig, requested: SeemConfig) -> None:
    fields = ["embed_dim", "depths", "focal_levels", "use_dw", "dec_layers", "feature_levels", "queries", "hidden", "text_layers"]
    diffs = [f"{f}: checkpoint {getattr(detected, f)}, --config {requested.name} {getattr(requested, f)}" for f in fields if getattr(detected, f) != getattr(requested, f)]
    if diffs:
        raise CheckpointError(f"the checkpoint does not match --config {requested.name}: " + "; ".join(diffs))


def load_strict(model: torch.nn.Module, state: Dict[str, torch.Tensor]) -> List[str]:
    """Loads every expected key; returns the ignored keys. Raises CheckpointError naming every problem."""
    expected = model.state_dict()
    ignored = [k for k in state if k not in expected and any(p.search(k) for p in IGNORED)]
    missing = sorted(k for k in expected if k not in state)
    unexpected = sorted(k for k in state if k not in expected and k not in ignored)
    misshaped = sorted(
        f"{k} (checkpoint {list(state[k].shape)}, model {list(expected[k].shape)})"
        for k in expected
        if k in state and tuple(state[k].shape) != tuple(expected[k].shape)
    )
    problems = []
    if missing:
        problems.append(f"missing keys: {', '.join(missing)}")
    if unexpected:
        problems.append(f"unexpected keys: {', '.join(unexpected)}")
    if misshaped:
        problems.append(f"mis-shaped keys: {', '.join(misshaped)}")
    if problems:
        raise CheckpointError("strict loading failed — " + "; ".join(problems))
    model.load_state_dict({k: v for k, v in state.items() if k in expected}, strict=True)
    return ignored


def choose_layout(file_name: str, requested, key_set: str) -> str:
    """The decoder forward to export: "v0" (demo/v0) or "v1". v0 and v1 checkpoints hold the same keys
    and shapes — only the forward differs — so without --layout the official file name decides."""
    if requested:
        return "v0" if requested == "demo" else requested  # the demo config's forward is the v0 layout
    if "v1" not in file_name:
        return "v0"
    if key_set == "demo":
        raise CheckpointError(
            f"{file_name} is named v1 but has no criterion.* keys, like the older demo-era files "
            "(the first seem_focall_v1.pt was a demo-layout model): say which forward it needs with --layout v0 or --layout v1"
        )
    return "v1"
