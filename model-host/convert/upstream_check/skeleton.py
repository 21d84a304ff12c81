"""Makes upstream's model files importable without their package's heavy __init__ chain: copies the
few files the checks need from the user's checkout into a temporary package tree, with empty
__init__ files and no-op registries, and puts it and the shims on sys.path."""
import shutil
import sys
import tempfile
from pathlib import Path

FILES = [
    "modeling/interface/modules.py",
    "modeling/interface/seem_v1.py",
    "modeling/interface/seem_demo.py",
    "modeling/interface/prototype/attention_data_struct_seemv1.py",
    "modeling/interface/prototype/attention_data_struct_seemdemo.py",
    "modeling/utils/attention.py",
    "modeling/utils/config.py",
    "modeling/utils/interactive.py",
    "modeling/modules/point_features.py",
    "modeling/modules/position_encoding.py",
    "modeling/vision/backbone/focal_dw.py",
    "modeling/vision/backbone/focal.py",
    "modeling/vision/encoder/transformer_encoder_fpn.py",
    "modeling/vision/encoder/transformer_blocks.py",
    "modeling/language/LangEncoder/transformer.py",
]
PACKAGE_INIT = {
    "modeling/utils/__init__.py": "from .config import *\nfrom .interactive import *\nfrom .attention import *\n",
    "modeling/modules/__init__.py": "from .point_features import *\nfrom .position_encoding import *\n",
}
REGISTRIES = {
    "modeling/interface/build.py": "register_decoder",
    "modeling/vision/backbone/build.py": "register_backbone",
    "modeling/vision/encoder/build.py": "register_encoder",
    "modeling/language/LangEncoder/build.py": "register_lang_encoder",
}


def install(checkout: Path) -> Path:
    missing = [f for f in FILES if not (checkout / f).is_file()]
    if missing:
        raise SystemExit(f"{checkout} is not a checkout of UX-Decoder/Segment-Everything-Everywhere-All-At-Once (v1.0): missing {', '.join(missing)}")
    root = Path(tempfile.mkdtemp(prefix="seem-upstream-"))
    for f in FILES:
        (root / f).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(checkout / f, root / f)
    for d in {p for f in FILES for p in Path(f).parents if str(p) != "."}:
        init = root / d / "__init__.py"
        if not init.exists():
            init.write_text(PACKAGE_INIT.get(f"{d}/__init__.py", ""))
    for f, name in REGISTRIES.items():
        (root / f).write_text(f"def {name}(f):\n    return f\n")
    sys.path[:0] = [str(root), str(Path(__file__).parent / "shims")]
    return root
