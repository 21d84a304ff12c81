"""What the prompt decoder receives (docs/model-bundle.md, prompt_decoder.onnx), as one value."""
from dataclasses import dataclass
from typing import Dict, List, Tuple

from torch import Tensor


@dataclass
class PromptInputs:
    mask_features: Tensor          # [1, C, h, w]
    cross_kv: List[Tuple[Tensor, Tensor]]  # per decoder layer i: keys, values [heads, h_l * w_l, C / heads] on level i % levels
    mask_feature_levels: List[Tensor]      # per level (cfg.feature_levels): [1, C, h_l, w_l], mask_features resized to it
    spatial: Dict[str, Tensor]     # visual_prompt outputs for this image: tokens [1, M, levels, P, C], pos/neg_valid [1, M, P]
    reference: Dict[str, Tensor]   # the same for prompts drawn on a reference image (zeros when none)
    text_tokens: Tensor            # [1, T, C]
    text_valid: Tensor             # [1, T]
    prev_mask: Tensor              # [1, M, h, w] previous round's mask logits per object
    has_prev: Tensor               # [1]
    vocab: Tensor                  # [K, C], L2-normalised

    def token_valid(self, group: str) -> Tensor:
        """[M, P]: 1 where the group's point is a valid positive or negative."""
        g = self.spatial if group == "spatial" else self.reference
        return g["pos_valid"][0] + g["neg_valid"][0]
