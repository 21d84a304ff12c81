"""Strict loading: a synthetic checkpoint in the official key layout loads; removed, extra and
mis-shaped keys are all named; the variant is detected and a mismatched config refused."""
import argparse
import pytest
import torch

from seem_convert.config import CONFIGS, TINY
from seem_convert.loading import CheckpointError, check_config, choose_layout, detect, load_strict, read_state_dict
from seem_convert.model import SeemModel


@pytest.fixture(scope="module")
def checkpoint(tmp_path_factory):
    torch.manual_seed(1)
    state = SeemModel(TINY).state_dict()
    # Official files also carry the loss weights; they must be ignored explicitly, not silently.
    state["criterion.empty_weight"] = torch.ones(134)
    path = tmp_path_factory.mktemp("ckpt") / "seem_tiny_v0.pt"
    torch.save(state, path)
    return path, state


def test_synthetic_checkpoint_loads(checkpoint):
    path, state = checkpoint
    loaded = read_state_dict(str(path))
    model = SeemModel(TINY)
    ignored = load_strict(model, loaded)
    assert ignored == ["criterion.empty_weight"]
    for k, v in model.state_dict().items():
        assert torch.equal(v, state[k]), k


def test_wrapped_and_prefixed_checkpoints_load(tmp_path, checkpoint):
    _, state = checkpoint
    torch.save({"model": {f"model.{k}": v for k, v in state.items()}}, tmp_path / "wrapped.pt")
    load_strict(SeemModel(TINY), read_state_dict(str(tmp_path / "wrapped.pt")))


def test_broken_checkpoint_names_every_problem(checkpoint):
    _, state = checkpoint
    broken = dict(state)
    del broken["sem_seg_head.predictor.class_embed"]
    broken["sem_seg_head.predictor.not_a_weight"] = torch.zeros(3)
    broken["backbone.norm0.weight"] = torch.zeros(7)
    with pytest.raises(CheckpointError) as err:
        load_strict(SeemModel(TINY), broken)
    msg = str(err.value)
    assert "missing keys: sem_seg_head.predictor.class_embed" in msg
    assert "unexpected keys: sem_seg_head.predictor.not_a_weight" in msg
    assert "mis-shaped keys: backbone.norm0.weight (checkpoint [7], model [16])" in msg


def test_variant_detection_and_config_mismatch(checkpoint):
    _, state = checkpoint
    detected = detect(state)
    assert detected.config.embed_dim == TINY.embed_dim
    assert detected.config.dec_layers == TINY.dec_layers
    assert detected.key_set == "v0/v1"
    check_config(detected.config, TINY)
    with pytest.raises(CheckpointError, match=r"does not match --config focalt: embed_dim: checkpoint 16, --config focalt 96"):
        check_config(detected.config, CONFIGS["focalt"])
    no_criterion = {k: v for k, v in state.items() if not k.startswith("criterion.")}
    assert detect(no_criterion).key_set == "demo"


def test_not_a_checkpoint(tmp_path):
    torch.save({"weights": [1, 2, 3]}, tmp_path / "bad.pt")
    with pytest.raises(CheckpointError, match="not a SEEM state_dict"):
        read_state_dict(str(tmp_path / "bad.pt"))


def test_layout_from_name_or_flag():
    assert choose_layout("seem_focalt_v1.pt", None, "v0/v1") == "v1"
    assert choose_layout("seem_focalt_v0.pt", None, "v0/v1") == "v0"
    assert choose_layout("seem_focalt_v1.pt", "v0", "v0/v1") == "v0"
    assert choose_layout("x.pt", "demo", "demo") == "v0"
    # the legacy demo-era seem_focall_v1.pt: same name, demo key set -> the user must say which
    with pytest.raises(CheckpointError, match="--layout v0 or --layout v1"):
        choose_layout("seem_focall_v1.pt", None, "demo")


def test_only_tensors_are_unpickled_unless_trusted(tmp_path, checkpoint):
    _, state = checkpoint
    # an object the weights-only unpickler refuses in every PyTorch (1.13 and 2.x; 2.x accepts plain floats)
    torch.save({**state, "args": argparse.Namespace(epoch=3)}, tmp_path / "pickled.pt")
    with pytest.raises(CheckpointError, match="--trust-checkpoint"):
        read_state_dict(str(tmp_path / "pickled.pt"))
    with pytest.raises(CheckpointError, match="not a SEEM state_dict"):
        read_state_dict(str(tmp_path / "pickled.pt"), trusted=True)
