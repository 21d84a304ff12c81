"""Self-attention masks from a table of token groups, built with tensor ops so the graph has no
data-dependent shapes: every group is always present (fixed maxima) and padding is masked.
Additive float masks (NEG), and no row is ever fully masked: each token may attend to itself,
so padded rows stay finite (their outputs are discarded)."""
import torch

from .layers import NEG


def group_attention_mask(group, key_valid, rules, same_object=None, obj=None):
    """group [L] long: each token's group; key_valid [L] float: 0 hides a token as a key;
    rules [G, G] 0/1: tokens of group g may attend to tokens of group g';
    same_object [G, G] 0/1 with obj [L] float: that pair also needs the same object index.
    Returns the additive mask [1, L, L]."""
    dtype = key_valid.dtype
    # Every [L, L] product is tied to a graph input (key_valid * 0 + 1 == 1): otherwise the ONNX
    # export folds each into an [L, L] constant — 7 MB apiece for Focal-T v1 with 4 objects —
    # where computing it at run time costs microseconds.
    live = key_valid[:, None] * 0 + 1
    # one-hot by comparison, not F.one_hot: Equal runs on every onnxruntime backend (WebGPU has no OneHot)
    onehot = (group[:, None] == torch.arange(rules.shape[0])[None, :]).to(dtype) * live  # [L, G]
    allowed = onehot @ rules.to(dtype) @ onehot.t()
    if same_object is not None:
        need = onehot @ same_object.to(dtype) @ onehot.t()
        same = (obj[:, None] == obj[None, :]).to(dtype)
        allowed = allowed * (1 - need + need * same)
    allowed = allowed * key_valid[None, :]
    index = torch.arange(group.shape[0], dtype=dtype) * live[:, 0]
    itself = (index[:, None] == index[None, :]).to(dtype)
    # max(allowed, itself) of 0/1 values, in arithmetic: onnxruntime's WebGPU provider has no Max kernel, and a Max
    # here would read the mask back to the CPU on every decode (test/browser/webgpu-coverage.test.ts)
    allowed = allowed + itself - allowed * itself
    return ((1 - allowed) * NEG)[None]
