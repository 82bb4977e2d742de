"""Validation: classic results the model must reproduce as special cases."""
