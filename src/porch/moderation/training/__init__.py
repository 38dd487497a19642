"""Building the shipped models: dataset readers, our own example corpus, fitting.

Only ``scripts/train_moderation.py`` and ``bench/moderation`` import this package; the
running site never does, so it may read files the installed package does not ship.
"""
