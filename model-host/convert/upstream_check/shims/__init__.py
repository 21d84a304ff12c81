"""Stand-ins for the third-party packages upstream's modules import (detectron2, timm, fvcore, omegaconf
and two helpers of upstream's own `utils`), each only as deep as those modules use it. Written for this
check; put on sys.path by skeleton.py, never by the converter."""
