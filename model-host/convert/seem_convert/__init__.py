"""SEEM Cutout's converter: official SEEM checkpoints -> the SEEM bundle format v1 (ONNX).

An inference-only re-implementation of SEEM (Zou et al. 2023) written from the
facts in the project's research notes: FocalNet backbones, the transformer-encoder
FPN pixel decoder, the SEEM decoder (demo/v0 layout) and the language encoder.
Parameter names match the official state_dict keys exactly, so checkpoints load
strictly.
"""
