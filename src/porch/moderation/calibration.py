"""Placing the host's threshold on the site's blended score: learning never makes
Porch quieter.

The blend (``porch.moderation.adapter``) is fitted with balanced class weights on
the site's decisions, so it ranks comments better than the shipped model but its
probabilities are not the shipped model's: at the host's threshold (0.80 by
default) it held far less (off-topic recall 0.59 → 0.001 after 50 decisions).
The host chose the threshold for the shipped scores; what they expect it to mean
is "hold what the shipped model held, or better".

So after the blend is fitted, one number is chosen on the site's own decisions, a
shift of the blend's log-odds (monotone, so it keeps the ranking; the same for
every comment, so it is deterministic and cheap):

1. Each decision gets the blend's log-odds from models that had not seen it
   (cross-validation), the honest stand-in for a comment still to come.
2. If the shipped model caught none of the decisions the moderators flagged,
   there is nothing to keep catching: the blend stands as fitted (shift 0).
3. Otherwise every cutoff between two decisions is tried. A cutoff is allowed if
   the blend, held there, catches at least the positives the shipped model
   caught (recall) at no lower precision. Each allowed cutoff is ahead of the
   shipped model by two margins, as fractions of its recall and its precision;
   the cutoff with the largest smaller margin wins (then the largest sum, then
   the fewest holds), as the one most likely to stay ahead on both counts on
   comments neither model saw. That is where the blend holds as many decisions
   as the shipped model did (at the same number of holds, each extra positive
   raises recall and precision by the same fraction; more holds trade precision
   for recall, fewer the reverse), except where the shipped model already caught
   every positive: then it is the fewest holds that still catch them all.
4. No allowed cutoff, or fewer than ``MIN_TO_CALIBRATE`` decisions of a kind to
   choose one from (the blend as fitted is then kept only if it is already no
   worse): the label falls back to the shipped score alone (the adapter file says
   "not applied") until later decisions show the blend no worse.

So on the site's decisions, at the threshold, the blend catches at least what the
shipped model caught at no lower precision. The learning-curve benchmark measures
the same on comments neither model saw.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from porch.moderation.linear import logit

# Fewer decisions of a kind than this, and the threshold is not moved: the blend
# is used only where it is already no quieter, else the shipped score stands.
MIN_TO_CALIBRATE = 5

Floats = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Placement:
    """Where the threshold goes: ``shift`` is added to the blend's log-odds;
    ``applied`` False means the shipped score judges this label instead."""

    shift: float
    applied: bool


SHIPPED_ONLY = Placement(shift=0.0, applied=False)


def _no_worse(
    held: npt.NDArray[np.bool_], y: npt.NDArray[np.int_], caught: int, volume: int
) -> bool:
    """Whether holding ``held`` catches at least ``caught`` of the positives at a
    precision of at least caught / volume (in integers: no rounding, no 0/0)."""
    hits, count = int(y[held].sum()), int(held.sum())
    return hits >= caught and hits * volume >= caught * count


def threshold_placement(
    blended: Floats,
    shipped: npt.NDArray[np.floating],
    y: npt.ArrayLike,
    threshold: float,
) -> Placement:
    """The shift of ``blended`` (out-of-fold log-odds of the decisions) that makes
    it, at ``threshold``, hold at least the positives ``shipped`` (probabilities)
    held at no lower precision; see the module docstring for the steps."""
    labels = np.asarray(y, dtype=np.int_)
    limit = float(logit(np.array([threshold]))[0])
    shipped_held = np.asarray(shipped) >= threshold
    caught, volume = int(labels[shipped_held].sum()), int(shipped_held.sum())
    if caught == 0:
        return Placement(shift=0.0, applied=True)
    if min(int(labels.sum()), int((1 - labels).sum())) < MIN_TO_CALIBRATE:
        if _no_worse(blended >= limit, labels, caught, volume):
            return Placement(shift=0.0, applied=True)
        return SHIPPED_ONLY
    cutoff = _best_cutoff(blended, labels, caught, volume)
    if cutoff is None:
        return SHIPPED_ONLY
    return Placement(shift=limit - cutoff, applied=True)


def _best_cutoff(
    blended: Floats, labels: npt.NDArray[np.int_], caught: int, volume: int
) -> float | None:
    """The allowed cutoff with the widest margins (step 3), or None."""
    order = np.argsort(-blended, kind="stable")
    ranked = blended[order]
    hits = np.cumsum(labels[order])  # positives among the top 1, 2, ... holds
    holds = np.arange(1, len(ranked) + 1)
    # How far the blend is ahead of the shipped model, as fractions of the
    # shipped model's recall and precision (``caught`` > 0 here).
    recall_margin = (hits - caught) / caught
    precision_margin = hits * volume / (caught * holds) - 1.0
    # A cutoff sits between two different scores, or below the lowest.
    distinct = np.append(ranked[:-1] > ranked[1:], True)
    allowed = distinct & (hits >= caught) & (hits * volume >= caught * holds)
    if not allowed.any():
        return None
    smaller = np.minimum(recall_margin, precision_margin)
    total = recall_margin + precision_margin
    # lexsort's last key is the primary one, and it is stable: among equals the
    # first candidate (fewest holds) wins, so the choice is deterministic.
    candidates = np.flatnonzero(allowed)
    best = candidates[np.lexsort((-total[candidates], -smaller[candidates]))[0]]
    below = ranked[best + 1] if best + 1 < len(ranked) else ranked[best] - 2.0
    # Halfway to the next decision down, so none sits on the threshold (where
    # float32 rounding would decide it).
    return float(ranked[best] + below) / 2.0
