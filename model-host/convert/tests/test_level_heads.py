"""The intermediate heads run at each level's resolution on resized mask features; upstream runs them at
stride 4 and resizes the masks. Bilinear resizing is linear, so both give the same attention masks."""
import torch
from torch.nn import functional as F

from seem_convert.config import TINY
from seem_convert.model import SeemModel


def test_level_masks_equal_resized_full_resolution_masks():
    torch.manual_seed(3)
    model = SeemModel(TINY).eval()
    dec = model.predictor
    with torch.no_grad():
        enc = model.encode_image(torch.rand(1, 3, 96, 160) * 255)
        queries = torch.randn(TINY.queries, 1, TINY.hidden)
        _, _, full, _ = dec.head(queries, enc["mask_features"], torch.eye(4, TINY.hidden))
        for level in range(3):
            size = enc[f"level_{level}"].shape[-2:]
            resized = F.interpolate(full[None], size=size, mode="bilinear", align_corners=False)[0]
            low = dec.level_masks(queries, enc[f"mask_features_{level}"])
            assert low.shape == resized.shape
            assert float((low - resized).abs().max()) < 1e-4
            # the attention masks can differ only where a logit sits within rounding of 0
            differ = (dec.attention_mask(low) != dec.memory_mask(full, size)).float().mean()
            assert float(differ) < 1e-3
