"""The REST API of community work, one module per concept."""
