from torch import nn
from torch.nn.init import trunc_normal_  # noqa: F401


class DropPath(nn.Identity):
    """Stochastic depth is the identity at inference."""

    def __init__(self, drop_prob=0.0):
        super().__init__()


def to_2tuple(x):
    return x if isinstance(x, tuple) else (x, x)
