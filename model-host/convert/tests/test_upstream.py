"""Our modules and the pipeline around them against upstream SEEM's own (python3 -m upstream_check). Needs a checkout of upstream, which
CI does not have offline: set SEEM_UPSTREAM=<checkout> to run it."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

UPSTREAM = os.environ.get("SEEM_UPSTREAM")


@pytest.mark.skipif(not UPSTREAM, reason="SEEM_UPSTREAM is not set (a checkout of UX-Decoder/Segment-Everything-Everywhere-All-At-Once)")
def test_modules_and_pipeline_match_upstream():
    convert = Path(__file__).resolve().parents[1]
    # A separate process: the check puts shims for detectron2, timm, … on sys.path.
    r = subprocess.run([sys.executable, "-m", "upstream_check", "--upstream", UPSTREAM], cwd=convert,
                       env={**os.environ, "PYTHONPATH": str(convert)}, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
