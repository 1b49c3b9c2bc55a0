"""Monitoring in the API: the same selectors as the pages."""
