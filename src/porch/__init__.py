"""Porch: a self-hosted blog built around conversation."""

__version__ = "0.1.0"
