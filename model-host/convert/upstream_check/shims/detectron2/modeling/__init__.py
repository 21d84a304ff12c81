from torch import nn

from detectron2.layers import ShapeSpec  # noqa: F401


class _Registry:
    def register(self, f=None):
        return f if f is not None else (lambda g: g)


BACKBONE_REGISTRY = _Registry()


class Backbone(nn.Module):
    pass
