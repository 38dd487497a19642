"""Building the shipped models: dataset readers, our own example corpus, fitting.

Kept outside the installed package: only ``scripts/train_moderation.py`` and
``bench/moderation`` import it, with the repository root on ``sys.path``, so it may
read files the package does not ship. The site never imports it; it reaches the
moderation code through ``porch.moderation``'s public names.
"""
