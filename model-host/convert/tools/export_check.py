"""Exports a tiny random-init bundle's graphs with this machine's PyTorch, checks them with onnx.checker and,
when the Python onnxruntime is installed, runs query_decoder.onnx against the PyTorch split decoder at an image
size and run sizes other than the traced ones. For checking the exporter on other PyTorch versions:
    PYTHONPATH=model-host/convert python3 model-host/convert/tools/export_check.py [--layout v1]"""
import argparse
import sys
import tempfile
from pathlib import Path

import onnx
import torch

from seem_convert.__main__ import main as convert_main
from seem_convert.config import TINY
from seem_convert.layout_v1 import decode_groups, split_runs
from seem_convert.contract import graph_files
from seem_convert.model import SeemModel, prompt_inputs_from, query_decoder_inputs


def main() -> int:
    a = argparse.ArgumentParser()
    a.add_argument("--layout", default="v1")
    args = a.parse_args()
    print(f"torch {torch.__version__}, onnx {onnx.__version__}")
    with tempfile.TemporaryDirectory() as d:
        out = Path(d)
        ckpt = out / "w.pt"
        rc = convert_main(["export", "--out", str(out), "--random-init", "--config", "tiny", "--layout", args.layout, "--max-objects", "2", "--max-points", "8", "--save-checkpoint", str(ckpt)])
        if rc:
            return rc
        decoder = "split" if args.layout == "v1" else "combined"
        for name in graph_files(decoder):
            onnx.checker.check_model(str(out / name), full_check=True)
            print(f"onnx.checker: {name} ok")
        try:
            import onnxruntime as ort
        except ImportError:
            print("onnxruntime (Python) not installed: graphs not run")
            return 0
        if decoder != "split":
            return 0
        model = SeemModel(TINY)
        model.load_state_dict(torch.load(ckpt))
        model.eval()
        torch.manual_seed(1)
        with torch.no_grad():
            enc = model.encode_image(torch.rand(1, 3, 160, 96) * 255)
        m, p, t = 1, 3, 4
        feeds = {
            **enc,
            "spatial_tokens": torch.randn(1, m, 3, p, TINY.hidden), "spatial_pos_valid": torch.ones(1, m, p), "spatial_neg_valid": torch.zeros(1, m, p),
            "reference_tokens": torch.zeros(1, m, 3, p, TINY.hidden), "reference_pos_valid": torch.zeros(1, m, p), "reference_neg_valid": torch.zeros(1, m, p),
            "text_tokens": torch.randn(1, t, TINY.hidden), "text_valid": torch.ones(1, t),
            "prev_mask": torch.randn(1, m, 40, 24), "has_prev": torch.ones(1),
            "memory_states": torch.zeros(TINY.dec_layers, 0, TINY.hidden), "memory_state_object": torch.zeros(0),
            "vocab_embeddings": torch.nn.functional.normalize(torch.randn(7, TINY.hidden), dim=-1),
        }
        sess = ort.InferenceSession(str(out / "query_decoder.onnx"), providers=["CPUExecutionProvider"])
        worst = 0.0
        for name, (index, tags, memory) in split_runs(TINY.queries, m, TINY.memory_tokens, torch.ones(m)).items():
            run = {**feeds, "query_index": index, "query_tags": tags, "memory_object": memory}
            with torch.no_grad():
                ref = decode_groups(model.predictor, prompt_inputs_from(run, TINY), index, tags, memory)
            got = sess.run(None, {k: run[k].numpy() for k in query_decoder_inputs(TINY)})
            for k, g in zip(["pred_masks", "pred_class", "pred_captions", "pred_maskembs"], got):
                worst = max(worst, float((ref[k] - torch.from_numpy(g)).abs().max()))
            print(f"{name} run: max |delta| so far {worst:.2e}")
        return 0 if worst < 1e-4 else 1


if __name__ == "__main__":
    sys.exit(main())
