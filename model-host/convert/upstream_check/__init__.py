"""Runs upstream SEEM's own PyTorch modules (from a checkout the user supplies) next to ours on the same
random weights, with upstream's random choices fixed as our export fixes them. See docs/converter.md."""
