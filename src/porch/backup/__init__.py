"""Backups of a whole site: ``porch backup FILE`` and ``porch restore FILE``."""
