"""The exporter reads contracts/seem-bundle.json: file names, normalisation and token ids come from it, and a graph
that would not produce the contract's inputs/outputs is refused."""
import pytest

from seem_convert.contract import CONTRACT, check_names, graph_files
from seem_convert.model import PIXEL_MEAN, query_decoder_inputs, SPLIT_OUTPUTS
from seem_convert.config import TINY


def test_graph_files_and_normalisation_come_from_the_contract():
    assert graph_files("split")[2] == CONTRACT["files"]["decoder"]["split"] == "query_decoder.onnx"
    assert graph_files("combined")[2] == "prompt_decoder.onnx"
    assert list(PIXEL_MEAN) == CONTRACT["preprocess"]["mean"]


def test_the_split_decoder_covers_the_contract_and_a_missing_output_is_named():
    check_names("query_decoder.onnx", query_decoder_inputs(TINY), SPLIT_OUTPUTS)
    with pytest.raises(ValueError, match="memory_out"):
        check_names("query_decoder.onnx", query_decoder_inputs(TINY), [o for o in SPLIT_OUTPUTS if o != "memory_out"])
