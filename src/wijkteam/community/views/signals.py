"""Neighbourhood signals: the list, filing one, its page, taking it up and closing it."""
