"""Collective activities: the list, creating and editing one, participation and outcome."""
