"""Our modules use the official state_dict layout exactly: every key, shape and the parameter totals
match the key lists obtained from the upstream model definitions (tests/data/*.tsv)."""
from pathlib import Path

import pytest

from seem_convert.config import FOCALL, FOCALT
from seem_convert.model import SeemModel

DATA = Path(__file__).parent / "data"


def read_tsv(name):
    rows = {}
    for line in (DATA / name).read_text().splitlines():
        if line.startswith("#") or not line.strip():
            continue
        key, shape, _ = line.split("\t")
        rows[key] = [int(x) for x in shape.strip("[]").split(",") if x.strip()]
    return rows


@pytest.mark.parametrize(
    "cfg,tsv,total",
    [
        (FOCALT, "focalt_unicl_lang_v1.tsv", 164_619_249),
        (FOCALT, "focalt_unicl_lang_demo.tsv", 164_619_249),
        (FOCALL, "focall_unicl_lang_v1.tsv", 341_181_177),
    ],
)
def test_state_dict_matches_upstream(cfg, tsv, total):
    upstream = {k: v for k, v in read_tsv(tsv).items() if not k.startswith("criterion.")}
    state = SeemModel(cfg).state_dict()
    ours = {k: list(v.shape) for k, v in state.items()}
    assert sorted(set(upstream) - set(ours)) == [], "keys our model lacks"
    assert sorted(set(ours) - set(upstream)) == [], "keys upstream lacks"
    assert {k: v for k, v in ours.items() if upstream[k] != v} == {}, "shapes differ"
    assert sum(v.numel() for k, v in state.items() if k != "dilation_kernel") == total
