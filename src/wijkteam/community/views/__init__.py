"""The HTML pages of community work, one module per concept."""
