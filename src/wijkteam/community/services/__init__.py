"""Writes of community work, one module per concept: ``signals`` and ``activities``."""
