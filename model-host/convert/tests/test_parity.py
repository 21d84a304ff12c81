"""The exported graphs, run in onnxruntime-node through the project's TypeScript engine code, match
our PyTorch modules: max |delta| < 1e-4 in fp32; fp16-weight masks agree with fp32 at IoU >= 0.99.
Bundles are made with the real CLI (`npm run convert -- --random-init --config tiny`)."""
import json
import subprocess
from pathlib import Path

import numpy as np
import pytest
import torch

from seem_convert.config import TINY
from seem_convert.export import decoder_feeds
from seem_convert.loading import load_strict, read_state_dict
from seem_convert.model import DECODER_OUTPUTS, VISUAL_OUTPUTS, PromptDecoderGraph, SeemModel, encoder_outputs

ROOT = Path(__file__).resolve().parents[3]
BPE = ROOT / "test/fixtures/clip-bpe/bpe_simple_vocab_16e6.txt.gz"
TOL = 1e-4


def convert(out: Path, precision: str, checkpoint: Path, layout: str = "v0", objects: int = 1) -> None:
    subprocess.run(
        ["node", "--import", "tsx", "model-host/convert-cli.ts", "--random-init", "--config", "tiny", "--seed", "3",
         "--out", str(out), "--bpe", str(BPE), "--templates", "1", "--precision", precision, "--max-points", "16",
         "--layout", layout, "--max-objects", str(objects), "--save-checkpoint", str(checkpoint)],
        cwd=ROOT, check=True, capture_output=True,
    )


def write_tensors(d: Path, tensors: dict) -> None:
    d.mkdir(parents=True, exist_ok=True)
    index = {}
    for name, t in tensors.items():
        arr = t.detach().numpy()
        index[name] = {"dims": list(arr.shape), "dtype": "int64" if arr.dtype == np.int64 else "float32"}
        arr.astype(arr.dtype).tofile(d / f"{name}.bin")
    (d / "index.json").write_text(json.dumps(index))


def read_tensors(d: Path) -> dict:
    index = json.loads((d / "index.json").read_text())
    return {k: np.fromfile(d / f"{k}.bin", dtype=np.float32).reshape(v["dims"]) for k, v in index.items()}


@pytest.fixture(scope="module")
def bundles(tmp_path_factory):
    base = tmp_path_factory.mktemp("parity")
    made = {}
    for precision in ("fp32", "fp16"):
        ckpt = base / f"{precision}.pt"
        convert(base / precision, precision, ckpt)
        made[precision] = (base / precision, ckpt)
    for precision in ("fp32", "fp16"):
        name = f"v1-{precision}"
        convert(base / name, precision, base / f"{name}.pt", "v1", 2)
        made[name] = (base / name, base / f"{name}.pt")
    return base, made


def inputs_for(bundle: Path, objects: int = 1, filled: int = 0, size=(96, 128), memory_and_text: bool = True):
    """Inputs for `objects` prompt slots, the first `filled` (default all) with points."""
    filled = filled or objects
    torch.manual_seed(7)
    image = torch.rand(1, 3, *size) * 255
    coords = torch.rand(1, objects, 16, 2)
    labels = torch.full((1, objects, 16), -1.0)
    labels[0, 0, :5] = torch.tensor([1.0, 1.0, 1.0, 0.0, 0.0])
    labels[0, filled - 1, 8:10] = torch.tensor([1.0, 0.0])
    ids = torch.full((2, 77), 49407, dtype=torch.long)
    ids[:, 0] = 49406
    ids[0, 1:4] = torch.tensor([320, 1125, 539])
    ids[1, 1:3] = torch.tensor([2368, 269])
    vocab = torch.from_numpy(np.fromfile(bundle / "vocabulary.bin", dtype=np.float32).reshape(-1, TINY.hidden))
    text_valid = torch.zeros(1, 77)
    text_valid[0, :5] = 1 if memory_and_text else 0
    h4, w4 = size[0] // 4, size[1] // 4
    extra = {
        "text_tokens": torch.randn(1, 77, TINY.hidden),
        "text_valid": text_valid,
        "text_eot": torch.randn(1, TINY.hidden),
        "prev_mask": torch.randn(1, objects, h4, w4) * 4,
        "has_prev": torch.ones(1) if memory_and_text else torch.zeros(1),
        "vocab_embeddings": vocab,
    }
    return {"image": image, "point_coords": coords, "point_labels": labels, "input_ids": ids, **extra}


def torch_reference(ckpt: Path, x: dict, layout: str = "v0") -> dict:
    model = SeemModel(TINY)
    load_strict(model, read_state_dict(str(ckpt)))
    model.eval()
    with torch.no_grad():
        enc = model.encode_image(x["image"])
        vis = model.predictor.visual_prompt(enc["mask_features"], [enc[f"spatial_feat_{i}"] for i in range(3)], x["point_coords"], x["point_labels"])
        dec_in = decoder_feeds(enc, vis, x, TINY)
        dec = dict(zip(DECODER_OUTPUTS, PromptDecoderGraph(model, layout)(*dec_in)))
        tokens, eot = model.predictor.lang_encoder(x["input_ids"])
    ref = {f"encoder.{k}": enc[k] for k in encoder_outputs(TINY)}
    ref.update({f"visual.{k}": vis[k] for k in VISUAL_OUTPUTS})
    ref.update({f"decoder.{k}": v for k, v in dec.items()})
    ref.update({"text.token_embeddings": tokens, "text.eot_embedding": eot})
    return {k: v.numpy() for k, v in ref.items()}


def run_engine(bundle: Path, x: dict, work: Path) -> dict:
    write_tensors(work / "in", x)
    subprocess.run(
        ["node", "--import", "tsx", "model-host/convert/tests/parity_run.ts", str(bundle), str(work / "in"), str(work / "out")],
        cwd=ROOT, check=True, capture_output=True,
    )
    return read_tensors(work / "out")


def test_fp32_graphs_match_pytorch(bundles):
    base, made = bundles
    bundle, ckpt = made["fp32"]
    x = inputs_for(bundle)
    ref = torch_reference(ckpt, x)
    got = run_engine(bundle, x, base / "run32")
    assert set(ref) == set(got)
    worst = {k: float(np.abs(ref[k] - got[k]).max()) for k in ref}
    assert max(worst.values()) < TOL, worst


@pytest.mark.parametrize("size", [(96, 128), (160, 96)])
@pytest.mark.parametrize("filled", [1, 2])
@pytest.mark.parametrize("memory_and_text", [True, False])
def test_v1_split_runs_match_the_combined_pytorch_decoder(bundles, size, filled, memory_and_text):
    """query_decoder's object, grounding and spatial runs, fed by the engine's own code, give the rows of
    the combined v1 PyTorch module (decode_v1, every group at once)."""
    base, made = bundles
    bundle, ckpt = made["v1-fp32"]
    info = json.loads((bundle / "seem.json").read_text())
    assert info["model"]["layout"] == "v1" and info["formatVersion"] == 2
    assert info["dims"]["maxObjects"] == 2 and info["dims"]["queries"] == TINY.queries
    x = inputs_for(bundle, objects=2, filled=filled, size=size, memory_and_text=memory_and_text)
    ref = torch_reference(ckpt, x, "v1")
    got = run_engine(bundle, x, base / f"runv1-{size[0]}-{filled}-{memory_and_text}")
    q = TINY.queries
    rows = {"object": slice(0, q), "grounding": slice(q, 2 * q), "spatial": slice(2 * q, 2 * q + 3 * filled)}
    worst = {}
    for run, r in rows.items():
        for k in ("pred_masks", "pred_class", "pred_captions", "pred_maskembs"):
            worst[f"{run}.{k}"] = float(np.abs(ref[f"decoder.{k}"][:, r] - got[f"split.{run}.{k}"]).max())
    for k in ref:
        if not k.startswith("decoder."):
            worst[k] = float(np.abs(ref[k] - got[k]).max())
    assert max(worst.values()) < TOL, worst
    assert got["split.spatial.pred_masks"].shape[1] == 3 * filled  # full-resolution masks only for the spatial queries


@pytest.mark.parametrize("layout", ["v0", "v1"])
def test_fp16_masks_agree_with_fp32(bundles, layout):
    base, made = bundles
    b32, _ = made["fp32" if layout == "v0" else "v1-fp32"]
    b16, _ = made["fp16" if layout == "v0" else "v1-fp16"]
    decoder = "prompt_decoder.onnx" if layout == "v0" else "query_decoder.onnx"
    assert (b16 / decoder).stat().st_size < (b32 / decoder).stat().st_size
    x = inputs_for(b32, objects=1 if layout == "v0" else 2)
    key = "decoder.pred_masks" if layout == "v0" else "split.spatial.pred_masks"
    m32 = run_engine(b32, x, base / f"a-{layout}")[key] > 0
    m16 = run_engine(b16, x, base / f"b-{layout}")[key] > 0
    iou = (m32 & m16).sum() / max(1, (m32 | m16).sum())
    assert iou >= 0.99, iou
