"""The SEEM bundle contract (contracts/seem-bundle.json at the repository root), read by the exporter so that file
names, graph I/O names, preprocessing and token ids are written in one place for converter and engine alike."""
import json
from pathlib import Path

CONTRACT = json.loads((Path(__file__).resolve().parents[3] / "contracts" / "seem-bundle.json").read_text())

PIXEL_MEAN = tuple(CONTRACT["preprocess"]["mean"])
PIXEL_STD = tuple(CONTRACT["preprocess"]["std"])
BOS_TOKEN_ID = CONTRACT["text"]["bosTokenId"]
EOT_TOKEN_ID = CONTRACT["text"]["eotTokenId"]
METADATA_KEYS = CONTRACT["metadataKeys"]
GRAPH_OF_FILE = {g["file"]: key for key, g in CONTRACT["graphs"].items()}


def graph_files(decoder: str):
    """The bundle's ONNX graphs: a split (v1) decoder runs per query group, a combined one over every query."""
    common = [f for f in CONTRACT["files"]["common"] if f.endswith(".onnx")]
    return [*common[:2], CONTRACT["files"]["decoder"][decoder], *common[2:]]


def check_names(file: str, input_names, output_names) -> None:
    """A graph's inputs and outputs cover the contract's (optional inputs may be left out; extra inputs are
    encoder outputs by name, extra outputs model-specific)."""
    spec = CONTRACT["graphs"][GRAPH_OF_FILE[file]]
    missing = [t["name"] for t in spec["inputs"] if not t.get("optional") and t["name"] not in input_names]
    missing += [t["name"] for t in spec["outputs"] if t["name"] not in output_names]
    if missing:
        raise ValueError(f"{file}: the export does not produce the contract's {', '.join(missing)} (contracts/seem-bundle.json)")
