"""Collective activities in the API."""
