"""Helpers shared by the benches (not a bench: ``make bench`` runs only
``bench/*.py``)."""
