"""The pipeline around the model, against upstream's own code (7b2e76d; run by `python3 -m upstream_check`).

Upstream's lines are taken from the user's checkout (extract.py) and run on seeded random inputs; ours
are the engine's own TypeScript modules, run by pipeline_run.ts in Node. Stages:
  names        the 133 COCO names and their cleaning (utils/constants.py; vlpencoder.py get_text_embeddings)
  preprocess   torchvision Resize(512, BICUBIC) on a PIL image (demo/seem/tasks/interactive.py, module level)
               and detectron2's padding to 32, against preprocess.ts (reference path: no long-side cap)
  mapping      logits → mask at the resized size (interactive.py: F.interpolate to the padded size, crop, > 0)
  everything   evaluate's upsampling (seem_model_demo.py) + detectron2's sem_seg_postprocess + upstream's
               panoptic_inference, against panoptic.ts at full resolution
  choice       the demo's mask choice, mask and label for a stroke and for text (interactive.py's if-chain,
               vl_similarity from modeling/language/loss.py), against select-mask.ts + mask-mapping.ts +
               category-label.ts
Prompt handling itself is not compared: upstream turns strokes into points by unseeded random sampling,
ours is deterministic by design (docs/converter.md). Needs Node (the repository's node_modules), and
Pillow + torchvision for the preprocess stage (skipped, and said so, without them)."""
import ast
import json
import subprocess
import tempfile
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import torch
import torch.nn.functional as F

from . import extract

REPO = Path(__file__).resolve().parents[3]
K = 134  # 133 COCO classes + background
THINGS = 80


class Arrays:
    """Float32 arrays handed to Node as files; cases.json refers to them as "@name"."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.count = 0

    def __call__(self, a) -> str:
        self.count += 1
        name = f"a{self.count}"
        np.asarray(a, dtype="<f4").tofile(self.folder / f"{name}.f32")
        return f"@{name}"


def padded(n: int, divisibility: int = 32) -> int:
    # detectron2 ImageList.from_tensors: (size + (stride − 1)) // stride * stride.
    return (n + divisibility - 1) // divisibility * divisibility


def sem_seg_postprocess(result, img_size, output_height, output_width):
    # detectron2/modeling/postprocessing.py (not part of upstream's repository), restated.
    result = result[:, : img_size[0], : img_size[1]].expand(1, -1, -1, -1)
    return F.interpolate(result, size=(output_height, output_width), mode="bilinear", align_corners=False)[0]


def blobs(gen: torch.Generator, q: int, gh: int, gw: int) -> torch.Tensor:
    """Mask logits that look like a model's: one soft blob per query, of random place and size."""
    ys = torch.arange(gh, dtype=torch.float32)[:, None]
    xs = torch.arange(gw, dtype=torch.float32)[None, :]
    out = torch.empty(q, gh, gw)
    for i in range(q):
        cy, cx = torch.rand(2, generator=gen) * torch.tensor([gh, gw])
        r = 2 + torch.rand(1, generator=gen) * max(gh, gw) / 6
        out[i] = 6 * (1 - ((ys - cy) ** 2 + (xs - cx) ** 2) / r**2) + torch.randn(gh, gw, generator=gen) * 0.5
    return out


def class_logits(gen: torch.Generator, q: int, boost_class=None) -> torch.Tensor:
    """Random class logits; one class per query raised so that some queries, not all, pass 0.4."""
    logits = torch.randn(q, K, generator=gen)
    picks = torch.randint(0, K, (q,), generator=gen) if boost_class is None else torch.full((q,), boost_class)
    logits[torch.arange(q), picks] += 3 + torch.rand(q, generator=gen) * 7
    return logits


class Upstream:
    def __init__(self, checkout: Path):
        self.checkout = checkout
        demo = checkout / "demo/seem/tasks/interactive.py"
        self.demo = demo
        self.constants = extract.module_statements(checkout / "utils/constants.py", {"COCO_PANOPTIC_CLASSES"}, {})
        self.clean = extract.inner_expression(
            checkout / "modeling/language/vlpencoder.py", "get_text_embeddings",
            lambda n, src: isinstance(n, ast.Call) and "-other" in src and "-stuff" in src and src.startswith("clss"),
            "clss", cls="LanguageEncoder")
        self.all_classes = extract.module_statements(demo, {"all_classes"}, dict(self.constants))["all_classes"]
        self.vl_similarity = extract.function(checkout / "modeling/language/loss.py", "vl_similarity", {"torch": torch})
        self.panoptic_inference = extract.function(
            checkout / "modeling/architectures/seem_model_demo.py", "panoptic_inference", {"torch": torch, "F": F},
            cls="GeneralizedSEEM")
        self.seem_demo = checkout / "modeling/architectures/seem_model_demo.py"

    def transform(self):
        from PIL import Image  # noqa: F401 (upstream's statements name it)
        from torchvision import transforms  # noqa: F401
        return extract.module_statements(self.demo, {"t", "transform"}, {"transforms": transforms, "Image": Image})["transform"]

    def upsample(self, masks: torch.Tensor, hp: int, wp: int) -> torch.Tensor:
        ns = {"F": F, "mask_pred_results": masks, "images": SimpleNamespace(tensor=torch.zeros(1, 3, hp, wp))}
        extract.body_statements(
            self.seem_demo, "evaluate",
            lambda n, src: src.startswith("mask_pred_results = F.interpolate"), ns, "the mask upsampling", cls="GeneralizedSEEM")
        return ns["mask_pred_results"]

    def choose(self, tasks, results, extra, logit_scale, image_size, height, width):
        """The demo's if-chain (mask choice), then its mapping and label lines, on given decoder outputs."""
        model = SimpleNamespace(model=SimpleNamespace(sem_seg_head=SimpleNamespace(predictor=SimpleNamespace(
            lang_encoder=SimpleNamespace(logit_scale=logit_scale)))))
        ns = {"torch": torch, "F": F, "tasks": tasks, "results": results, "extra": extra, "model": model,
              "vl_similarity": self.vl_similarity, "image_size": image_size, "all_classes": self.all_classes,
              "data": {"height": height, "width": width}}
        extract.body_statements(
            self.demo, "interactive_infer_image",
            lambda n, src: (src.startswith("if 'Stroke' in tasks") and "pred_maskembs" in src)
            or src.startswith("pred_masks_pos = (F.interpolate") or src.startswith("texts = "),
            ns, "the mask choice, mapping and label")
        query = ns["logits_idx"][1][0] if "logits_idx" in ns else int(ns["matched_id"][0])
        return int(query), ns["pred_masks_pos"][0], ns["texts"][0]


def build(up: Upstream, folder: Path, gen: torch.Generator, with_preprocess: bool):
    arr = Arrays(folder)
    cases = {"preprocess": [], "mapping": [], "panoptic": [], "choice": []}
    expected = {"preprocess": [], "mapping": [], "panoptic": [], "choice": []}

    if with_preprocess:
        from PIL import Image
        transform = up.transform()
        for w, h in [(451, 300), (61, 97), (250, 83)]:
            rgb = torch.randint(0, 256, (h, w, 3), generator=gen, dtype=torch.uint8).numpy()
            resized = np.asarray(transform(Image.fromarray(rgb, "RGB")))
            rh, rw = resized.shape[:2]
            cases["preprocess"].append({"width": w, "height": h, "rgb": arr(rgb.reshape(-1)), "shortSide": 512, "padMultiple": 32})
            expected["preprocess"].append({"size": [rw, rh, padded(rw), padded(rh)], "rgb": resized.reshape(-1)})

    for rw, rh in [(769, 512), (385, 257), (514, 343), (31, 17)]:
        hp, wp = padded(rh), padded(rw)
        grid = torch.randn(hp // 4, wp // 4, generator=gen) * 3
        results = {"pred_maskembs": torch.ones(1, 1, 1), "pred_pspatials": torch.ones(1, 1, 1), "pred_masks": grid[None, None],
                   "pred_logits": torch.zeros(1, 1, K)}
        _, inside, _ = up.choose(["Stroke"], results, {}, None, (1, 3, hp, wp), rh, rw)
        cases["mapping"].append({"gridWidth": wp // 4, "gridHeight": hp // 4, "cell": 4, "validWidth": rw, "validHeight": rh, "grid": arr(grid)})
        expected["mapping"].append(inside.reshape(-1))

    # The third case gives every query the same stuff class (sky, 119): upstream merges stuff by class.
    for rw, rh, boost in [(769, 512, None), (385, 257, None), (514, 343, THINGS + 39)]:
        hp, wp = padded(rh), padded(rw)
        q = 101
        masks = blobs(gen, q, hp // 4, wp // 4)
        logits = class_logits(gen, q, boost)
        up_masks = up.upsample(masks[None], hp, wp)[0]
        per_image = sem_seg_postprocess(up_masks, (rh, rw), rh, rw)
        threshold = SimpleNamespace(object=0.4, overlap=0.8)  # focalt_unicl_lang_demo.yaml
        me = SimpleNamespace(sem_seg_head=SimpleNamespace(num_classes=K - 1), object_mask_threshold=threshold.object,
                             overlap_threshold=threshold.overlap,
                             metadata=SimpleNamespace(thing_dataset_id_to_contiguous_id={i: i for i in range(THINGS)}))
        seg, info = up.panoptic_inference(me, logits, per_image)
        classes = torch.full_like(seg, -1)
        for s in info:
            classes[seg == s["id"]] = s["category_id"]
        cases["panoptic"].append({"gridWidth": wp // 4, "gridHeight": hp // 4, "cell": 4, "validWidth": rw, "validHeight": rh,
                                  "masks": arr(masks), "classLogits": arr(logits), "classes": K, "queries": list(range(q)),
                                  "thing": [i < THINGS for i in range(K)], "objectThreshold": threshold.object,
                                  "overlapThreshold": threshold.overlap})
        expected["panoptic"].append({"segments": len(info), "classMap": classes.reshape(-1).numpy()})

    for task, boost in [("Stroke", None), ("Stroke", K - 1), ("Text", None), ("Text", 80 + 6), ("Stroke", 80 + 13)]:
        rw, rh = 385, 257
        hp, wp = padded(rh), padded(rw)
        q, c = 101, 32
        masks = blobs(gen, q, hp // 4, wp // 4)
        logits = class_logits(gen, q, boost)
        maskembs, captions = torch.randn(1, q, c, generator=gen), torch.randn(1, q, c, generator=gen)
        spatial, text = torch.randn(1, 1, c, generator=gen), torch.randn(1, c, generator=gen)
        logit_scale = torch.tensor(4.0)
        results = {"pred_maskembs": maskembs, "pred_pspatials": spatial, "pred_captions": captions,
                   "pred_masks": masks[None], "pred_logits": logits[None]}
        query, inside, label = up.choose([task], results, {"grounding_class": text}, logit_scale, (1, 3, hp, wp), rh, rw)
        cases["choice"].append({
            "queries": q, "hidden": c, "maskembs": arr(maskembs), "captions": arr(captions),
            "posSummary": arr(spatial[0, 0]) if task == "Stroke" else None, "textEot": arr(text[0]) if task == "Text" else None,
            "logitScale": float(logit_scale.exp()), "classLogits": arr(logits),
            "masks": arr(masks), "gridWidth": wp // 4, "gridHeight": hp // 4, "cell": 4, "validWidth": rw, "validHeight": rh})
        expected["choice"].append({"task": task, "query": query, "inside": inside.reshape(-1), "label": label})
    (folder / "cases.json").write_text(json.dumps(cases))
    return expected


def label_verdict(theirs: str, ours: str) -> str:
    if theirs == ours:
        return "equal"
    if theirs == "others" and ours.startswith("others ("):
        return "others (+ hint, by design)"
    if theirs.endswith("-stuff") and ours == theirs[: -len("-stuff")]:
        return "'-stuff' dropped (by design)"
    return "DIFFERENT"


def run(checkout: Path, seed: int = 0):
    """Rows of (stage, what, mismatches, total, note); mismatches 0 everywhere means upstream's results."""
    up = Upstream(checkout)
    try:
        import PIL  # noqa: F401
        import torchvision  # noqa: F401
        with_preprocess = True
    except ImportError:
        with_preprocess = False
    gen = torch.Generator().manual_seed(seed)
    rows = []
    with tempfile.TemporaryDirectory(prefix="seem-pipeline-") as tmp:
        folder = Path(tmp)
        expected = build(up, folder, gen, with_preprocess)
        r = subprocess.run(["node", "--import", "tsx", "model-host/convert/upstream_check/pipeline_run.ts", str(folder)],
                           cwd=REPO, capture_output=True, text=True)
        if r.returncode != 0:
            raise SystemExit(f"upstream_check: pipeline_run.ts failed:\n{r.stdout}{r.stderr}")
        ours = json.loads((folder / "ours.json").read_text())

    theirs_raw = up.constants["COCO_PANOPTIC_CLASSES"]
    rows.append(("names", "COCO panoptic names", sum(a != b for a, b in zip(ours["names"]["raw"], theirs_raw))
                 + abs(len(theirs_raw) - len(ours["names"]["raw"])), len(theirs_raw), ""))
    rows.append(("names", "cleaned as embedded", sum(up.clean(a) != b for a, b in zip(theirs_raw, ours["names"]["cleaned"])),
                 len(theirs_raw), ""))

    if not with_preprocess:
        rows.append(("preprocess", "SKIPPED", 0, 0, "needs Pillow and torchvision (apt: python3-pil python3-torchvision)"))
    for e, o in zip(expected["preprocess"], ours["preprocess"]):
        size = [o["resizedWidth"], o["resizedHeight"], o["paddedWidth"], o["paddedHeight"]]
        if size != e["size"]:
            rows.append(("preprocess", f"size {e['size']}", 1, 1, f"ours {size}"))
            continue
        diff = int(np.count_nonzero(np.asarray(o["rgb"], dtype=np.int64) - e["rgb"].astype(np.int64)))
        rows.append(("preprocess", f"{e['size'][0]}x{e['size'][1]} pixels (RGB values)", diff, e["rgb"].size, ""))

    for e, o in zip(expected["mapping"], ours["mapping"]):
        diff = int(np.count_nonzero(np.asarray(o["inside"]) != e.astype(np.int64)))
        rows.append(("mapping", f"mask pixels ({e.size} px)", diff, e.size, ""))

    for e, o in zip(expected["panoptic"], ours["panoptic"]):
        diff = int(np.count_nonzero(np.asarray(o["classMap"]) != e["classMap"]))
        note = "" if o["segments"] == e["segments"] else f"segments: upstream {e['segments']}, ours {o['segments']}"
        rows.append(("everything", f"pixel classes ({e['classMap'].size} px, {e['segments']} segments)", diff + (0 if not note else 1),
                     e["classMap"].size, note))

    for e, o in zip(expected["choice"], ours["choice"]):
        verdict = label_verdict(e["label"], o["label"])
        rows.append(("choice", f"{e['task']}: query", int(e["query"] != o["query"]), 1, f"upstream {e['query']}, ours {o['query']}"))
        diff = int(np.count_nonzero(np.asarray(o["inside"]) != e["inside"].astype(np.int64)))
        rows.append(("choice", f"{e['task']}: mask pixels", diff, e["inside"].size, ""))
        rows.append(("choice", f"{e['task']}: label", int(verdict == "DIFFERENT"), 1, f"upstream '{e['label']}', ours '{o['label']}': {verdict}"))
    return rows
