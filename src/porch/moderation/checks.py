"""What ``porch check`` reports about moderation (registered in ``apps.py``)."""

from __future__ import annotations

from django.core.management.base import CommandError


def sentence_model_display() -> str:
    """``off``, ``not installed...``, or ``on`` once the encoder has loaded.

    Loading builds the graph when no process has. Raises ``CommandError`` in one
    line when it is installed and on but cannot encode a sentence. Missing weights
    are no error: the lexical models judge, and the line says what to install.
    """
    # Loaded when the check runs, not when apps.py registers it at start-up.
    from porch.moderation import sentence

    status = sentence.sentence_model_status()
    if status.is_missing:
        return f"not installed, {status.message}"
    try:
        encoder = sentence.sentence_encoder()
        if encoder is None:
            return "off"
        encoder.encode(["Porch checks that its sentence model loads."])
    except Exception as error:  # a damaged install fails in its own library
        raise CommandError(
            f"PORCH_SENTENCE_MODEL is on but the model does not load: {error}"
        ) from None
    return f"on, loaded ({encoder.path})"
