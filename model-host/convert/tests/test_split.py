"""The split v1 decoder (decode_groups: object queries once per image, grounding queries per text,
spatial queries per click) gives the same outputs as the combined v1 module (decode_v1) decoding every
group at once — at two image sizes, with 1 and 2 objects, with and without memory and text — and the
comparison notices a run that drops the memory or cross-wires the objects."""
import pytest
import torch

from seem_convert.config import TINY
from seem_convert.layout_v1 import decode_groups, decode_v1, split_runs
from seem_convert.model import SeemModel
from seem_convert.prompt_inputs import PromptInputs

TOL = 1e-4
P = 6
C = TINY.hidden


@pytest.fixture(scope="module")
def model():
    torch.manual_seed(5)
    return SeemModel(TINY).eval()


def encode(model, h, w):
    torch.manual_seed(h * w)
    with torch.no_grad():
        return model.encode_image(torch.rand(1, 3, h, w) * 255)


def prompts(model, enc, m):
    """Visual prompt outputs for m objects: object k has k + 2 positives and one negative."""
    coords = torch.rand(1, m, P, 2)
    labels = torch.full((1, m, P), -1.0)
    for k in range(m):
        labels[0, k, : k + 2] = 1.0
        labels[0, k, k + 2] = 0.0
    with torch.no_grad():
        return model.predictor.visual_prompt(enc["mask_features"], [enc[f"spatial_feat_{i}"] for i in range(3)], coords, labels)


def inputs(enc, spatial, reference, text_tokens, text_valid, prev_mask, has_prev):
    return PromptInputs(
        mask_features=enc["mask_features"], cross_kv=[(enc[f"cross_k_{i}"], enc[f"cross_v_{i}"]) for i in range(TINY.dec_layers)],
        mask_feature_levels=[enc[f"mask_features_{i}"] for i in range(3)], spatial=spatial, reference=reference,
        text_tokens=text_tokens, text_valid=text_valid, prev_mask=prev_mask, has_prev=torch.tensor([has_prev]),
        vocab=torch.nn.functional.normalize(torch.randn(9, C), dim=-1),
    )


def empty_prompts(m=1, p=1):
    return {"tokens": torch.zeros(1, m, 3, p, C), "pos_valid": torch.zeros(1, m, p), "neg_valid": torch.zeros(1, m, p)}


def case(model, size, m, with_text, with_memory):
    """The combined inputs (fixed maxima: 77 text tokens, padding) and the three split runs' inputs
    (each sized to what it holds, as the engine feeds them)."""
    enc = encode(model, *size)
    spatial = prompts(model, enc, m)
    reference = {k: torch.zeros_like(v) for k, v in spatial.items()}
    h, w = enc["mask_features"].shape[-2:]
    n_text = 5 if with_text else 0
    text_tokens, text_valid = torch.randn(1, 77, C), torch.zeros(1, 77)
    text_valid[0, :n_text] = 1
    prev = torch.randn(1, m, h, w) * 4 if with_memory else torch.full((1, m, h, w), -20.0)
    has_prev = 1.0 if with_memory else 0.0
    combined = inputs(enc, spatial, reference, text_tokens, text_valid, prev, has_prev)
    no_text = (torch.zeros(1, 0, C), torch.zeros(1, 0))
    grounding_text = (text_tokens[:, :n_text], text_valid[:, :n_text])
    runs = split_runs(TINY.queries, m, TINY.memory_tokens, (spatial["pos_valid"][0].sum(1) > 0).float())
    split = {
        "object": inputs(enc, empty_prompts(), empty_prompts(), *no_text, torch.full((1, 1, h, w), -20.0), 0.0),
        "grounding": inputs(enc, empty_prompts(), empty_prompts(), *grounding_text, torch.full((1, 1, h, w), -20.0), 0.0),
        "spatial": inputs(enc, spatial, reference, *no_text, prev, has_prev),
    }
    for x in split.values():
        x.vocab = combined.vocab
    return combined, split, runs


def run_split(model, split, runs):
    with torch.no_grad():
        return {name: decode_groups(model.predictor, split[name], *runs[name]) for name in split}


def worst(model, combined, out):
    with torch.no_grad():
        ref = decode_v1(model.predictor, combined)
    q = TINY.queries
    rows = {"object": slice(0, q), "grounding": slice(q, 2 * q), "spatial": slice(2 * q, None)}
    return max(
        float((ref[k][:, rows[name]] - out[name][k]).abs().max())
        for name in out for k in ("pred_masks", "pred_class", "pred_captions", "pred_maskembs")
    )


@pytest.mark.parametrize("size", [(96, 128), (160, 96)])
@pytest.mark.parametrize("m", [1, 2])
@pytest.mark.parametrize("with_text,with_memory", [(False, False), (True, True), (True, False)])
def test_split_runs_equal_the_combined_decoder(model, size, m, with_text, with_memory):
    combined, split, runs = case(model, size, m, with_text, with_memory)
    assert worst(model, combined, run_split(model, split, runs)) < TOL


@pytest.mark.parametrize("size", [(96, 128), (160, 96)])
@pytest.mark.parametrize("m", [1, 2])
def test_memory_computed_once_per_round_then_taken_by_each_click(model, size, m):
    """A memory run (no queries) computes the round's memory tokens; the click's spatial run takes them as
    keys (memory_states) instead of computing them: the same outputs as the combined decoder."""
    combined, split, runs = case(model, size, m, False, True)
    index, tags, memory = runs["spatial"]
    with torch.no_grad():
        mem = decode_groups(model.predictor, split["spatial"], torch.zeros(0, dtype=torch.long), torch.zeros(0), memory)["memory_out"]
        assert mem.shape == (TINY.dec_layers, TINY.memory_tokens, C)
        out = {"spatial": decode_groups(model.predictor, split["spatial"], index, tags, torch.zeros(0), mem, memory)}
    assert worst(model, combined, out) < TOL


@pytest.mark.parametrize("fault", ["drop memory", "swap objects", "memory to the wrong object"])
def test_a_miswired_spatial_run_is_noticed(model, fault):
    combined, split, runs = case(model, (96, 128), 2, True, True)
    index, tags, memory = runs["spatial"]
    if fault == "drop memory":
        split["spatial"].has_prev = torch.zeros(1)
    elif fault == "swap objects":
        runs["spatial"] = (index, 1 - tags, memory)
    else:
        runs["spatial"] = (index, tags, 1 - memory)
    assert worst(model, combined, run_split(model, split, runs)) > 1e-2
