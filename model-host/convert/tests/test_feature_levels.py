"""The number of feature levels is the checkpoint's (level_embed's rows), not a literal 3: a model with another count
is detected, built, traced to ONNX with that many per-level inputs and decodes; one the pixel decoder cannot feed is
refused naming the limit."""
import onnx
import pytest
import torch

from seem_convert.config import TINY, with_overrides
from seem_convert.export import export_graphs
from seem_convert.loading import CheckpointError, check_config, detect
from seem_convert.model import SeemModel

TWO = with_overrides(TINY, feature_levels=2)


def test_levels_come_from_the_checkpoint():
    state = SeemModel(TWO).state_dict()
    assert state["sem_seg_head.predictor.level_embed.weight"].shape[0] == 2
    assert detect(state).config.feature_levels == 2
    with pytest.raises(CheckpointError, match="feature_levels: checkpoint 2, --config tiny 3"):
        check_config(detect(state).config, TINY)


def test_more_levels_than_the_pixel_decoder_has_are_refused():
    with pytest.raises(ValueError, match="feature_levels 5: .* 1 to 4 levels"):
        SeemModel(with_overrides(TINY, feature_levels=5))


def dims(graph, name):
    value = next(v for v in [*graph.input, *graph.output] if v.name == name)
    return [d.dim_value or d.dim_param for d in value.type.tensor_type.shape.dim]


def test_a_two_level_model_exports_every_level_and_no_more(tmp_path):
    torch.manual_seed(5)
    model = SeemModel(TWO).eval()
    export_graphs(model, tmp_path, "v1", "split", max_objects=2, max_points=8, log=lambda _: None)
    encoder = onnx.load(str(tmp_path / "image_encoder.onnx")).graph
    names = [o.name for o in encoder.output]
    assert [n for n in names if n.startswith(("spatial_feat_", "mask_features_"))] == ["spatial_feat_0", "spatial_feat_1", "mask_features_0", "mask_features_1"]
    visual = onnx.load(str(tmp_path / "visual_prompt.onnx")).graph
    assert [i.name for i in visual.input] == ["mask_features", "spatial_feat_0", "spatial_feat_1", "point_coords", "point_labels"]
    assert dims(visual, "tokens")[:3] == [1, 2, 2]  # [1, M = 2, levels, P, C]
    decoder = onnx.load(str(tmp_path / "query_decoder.onnx")).graph
    assert dims(decoder, "spatial_tokens")[2] == 2
    assert "mask_features_2" not in [i.name for i in decoder.input]
