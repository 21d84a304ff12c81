def register_norm_module(cls):
    return cls
