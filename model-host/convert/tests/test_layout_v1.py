"""The v1 layout as exported (fixed maxima, padding, validity masks, every group always present) equals
SEEM's v1 forward run the upstream way on only what is present (v1_reference.py)."""
import pytest
import torch

from seem_convert.config import TINY
from seem_convert.layout_v1 import decode_v1, memory_objects
from seem_convert.model import SeemModel
from seem_convert.prompt_inputs import PromptInputs
from v1_reference import reference_v1

TOL = 1e-4
P = 8


@pytest.fixture(scope="module")
def setup():
    torch.manual_seed(11)
    model = SeemModel(TINY).eval()
    with torch.no_grad():
        enc = model.encode_image(torch.rand(1, 3, 96, 128) * 255)
    return model, enc


def visual(model, enc, objects):
    """objects: per object a list of (x, y, label) -> visual_prompt outputs for len(objects) slots."""
    m = len(objects)
    coords = torch.rand(1, m, P, 2)
    labels = torch.full((1, m, P), -1.0)
    for k, pts in enumerate(objects):
        for j, (x, y, lab) in enumerate(pts):
            coords[0, k, j] = torch.tensor([x, y])
            labels[0, k, j] = lab
    with torch.no_grad():
        return model.predictor.visual_prompt(enc["mask_features"], [enc[f"spatial_feat_{i}"] for i in range(3)], coords, labels)


def run_graph(model, enc, spatial, reference, text=None, prev=None, has_prev=0.0):
    c, m = TINY.hidden, spatial["pos_valid"].shape[1]
    h, w = enc["mask_features"].shape[-2:]
    text_tokens, text_valid = torch.randn(1, 77, c) * 0.1, torch.zeros(1, 77)
    if text is not None:
        text_tokens[0, : text.shape[0]] = text
        text_valid[0, : text.shape[0]] = 1
    prev_mask = torch.full((1, m, h, w), -20.0)
    if prev is not None:
        prev_mask[0, : prev.shape[0]] = prev
    x = PromptInputs(
        mask_features=enc["mask_features"], cross_kv=[(enc[f"cross_k_{i}"], enc[f"cross_v_{i}"]) for i in range(TINY.dec_layers)],
        mask_feature_levels=[enc[f"mask_features_{i}"] for i in range(3)],
        spatial=spatial, reference=reference,
        text_tokens=text_tokens, text_valid=text_valid, prev_mask=prev_mask, has_prev=torch.tensor([has_prev]), vocab=VOCAB,
    )
    with torch.no_grad():
        return decode_v1(model.predictor, x)


def valid_tokens(groups, k):
    """Per level, object k's real tokens: its points on this image, then on the reference image."""
    out = []
    for level in range(3):
        parts = [g["tokens"][0, k, level][(g["pos_valid"][0, k] + g["neg_valid"][0, k]) > 0] for g in groups]
        out.append(torch.cat(parts))
    return out


def run_reference(model, enc, objects, text=None, prev=None):
    with torch.no_grad():
        return reference_v1(
            model.predictor, enc["mask_features"], [enc[f"level_{i}"] for i in range(3)],
            [enc[f"level_pos_{i}"] for i in range(3)], objects, text, prev, VOCAB,
        )


def assert_rows(got, ref, name, rows):
    masks, captions, classes, maskembs = ref[name]
    for key, want in [("pred_masks", masks), ("pred_captions", captions), ("pred_class", classes), ("pred_maskembs", maskembs)]:
        delta = float((got[key][0, rows] - want).abs().max())
        assert delta < TOL, f"{name} {key}: max |delta| {delta}"


torch.manual_seed(5)
VOCAB = torch.nn.functional.normalize(torch.randn(6, TINY.hidden), dim=-1)
Q = TINY.queries
A = [(0.3, 0.4, 1.0), (0.35, 0.45, 1.0), (0.8, 0.2, 0.0)]
B = [(0.7, 0.7, 1.0), (0.1, 0.9, 0.0)]


def empty_like(v):
    return {k: torch.zeros_like(t) for k, t in v.items()}


def test_one_click_object_equals_reference(setup):
    model, enc = setup
    spatial = visual(model, enc, [A])
    got = run_graph(model, enc, spatial, empty_like(spatial))
    ref = run_reference(model, enc, [valid_tokens([spatial], 0)])
    assert_rows(got, ref, "queries_object", slice(0, Q))
    assert_rows(got, ref, "queries_spatial", slice(2 * Q, 2 * Q + 3))
    assert got["query_object"][0].tolist() == [-1.0] * Q + [-2.0] * Q + [0.0] * 3


def test_empty_object_slots_change_nothing(setup):
    model, enc = setup
    one = run_graph(model, enc, *[visual(model, enc, [A])] * 2)
    spatial = visual(model, enc, [A, [], []])
    three = run_graph(model, enc, spatial, spatial)
    ref = run_reference(model, enc, [valid_tokens([spatial, spatial], 0)])
    assert_rows(three, ref, "queries_spatial", slice(2 * Q, 2 * Q + 3))
    assert float((one["pred_masks"][0, : 2 * Q] - three["pred_masks"][0, : 2 * Q]).abs().max()) < TOL


def test_two_objects_text_reference_and_memory_equal_reference(setup):
    model, enc = setup
    spatial = visual(model, enc, [A, B])
    reference = visual(model, enc, [[(0.5, 0.5, 1.0)], []])
    text = torch.randn(4, TINY.hidden)
    prev = torch.randn(2, *enc["mask_features"].shape[-2:]) * 3
    got = run_graph(model, enc, spatial, reference, text=text, prev=prev, has_prev=1.0)
    objects = [valid_tokens([spatial, reference], k) for k in range(2)]
    ref = run_reference(model, enc, objects, text=text, prev=prev)
    assert_rows(got, ref, "queries_object", slice(0, Q))
    assert_rows(got, ref, "queries_grounding", slice(Q, 2 * Q))
    assert_rows(got, ref, "queries_spatial", slice(2 * Q, 2 * Q + 6))
    # memory matters: the same prompts without it give other spatial masks
    without = run_graph(model, enc, spatial, reference, text=text, prev=prev, has_prev=0.0)
    assert float((without["pred_masks"][0, 2 * Q:] - got["pred_masks"][0, 2 * Q:]).abs().max()) > 1e-3


def test_without_has_prev_the_previous_mask_is_ignored(setup):
    model, enc = setup
    spatial = visual(model, enc, [A, B])
    prev = torch.randn(2, *enc["mask_features"].shape[-2:]) * 3
    got = run_graph(model, enc, spatial, empty_like(spatial), prev=prev, has_prev=0.0)
    ref = run_reference(model, enc, [valid_tokens([spatial], k) for k in range(2)])
    assert_rows(got, ref, "queries_spatial", slice(2 * Q, 2 * Q + 6))


def test_prompts_never_reach_object_queries(setup):
    """v1 keeps its object queries prompt-free (segment everything is the same with or without prompts)."""
    model, enc = setup
    a = run_graph(model, enc, *[visual(model, enc, [A])] * 2, text=torch.randn(3, TINY.hidden))
    b = run_graph(model, enc, *[visual(model, enc, [[]])] * 2)
    assert float((a["pred_masks"][0, :Q] - b["pred_masks"][0, :Q]).abs().max()) < TOL


def test_memory_blocks():
    assert memory_objects(torch.tensor([1.0, 0.0, 0.0]), 32).tolist() == [0.0] * 32
    assert memory_objects(torch.tensor([1.0, 1.0, 0.0]), 32).tolist() == [0.0] * 16 + [1.0] * 16
    assert memory_objects(torch.tensor([1.0, 1.0, 1.0]), 32).tolist() == [0.0] * 11 + [1.0] * 11 + [2.0] * 10
