"""Neighbourhood signals in the API."""
