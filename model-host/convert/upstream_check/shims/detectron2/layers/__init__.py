import collections

import torch
from torch import nn
from torch.nn import functional as F

ShapeSpec = collections.namedtuple("ShapeSpec", ["channels", "height", "width", "stride"], defaults=[None, None, None, None])


class Conv2d(nn.Conv2d):
    """detectron2's Conv2d: the convolution, then the optional norm, then the optional activation."""

    def __init__(self, *args, norm=None, activation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.norm, self.activation = norm, activation

    def forward(self, x):
        x = F.conv2d(x, self.weight, self.bias, self.stride, self.padding, self.dilation, self.groups)
        if self.norm is not None:
            x = self.norm(x)
        return self.activation(x) if self.activation is not None else x


def get_norm(norm, channels):
    return nn.GroupNorm(32, channels) if norm == "GN" else None


class DeformConv:
    pass


def cat(tensors, dim=0):
    return torch.cat(tensors, dim)


def shapes_to_tensor(x, device=None):
    return torch.as_tensor(x)
