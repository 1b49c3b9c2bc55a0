"""Monitoring pages: parse the filters, call the selectors, render."""
