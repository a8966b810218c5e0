"""From a pattern match to a TIMEX3 type, value, mod and anchor.

Importing this module fills ``NORMALIZERS`` (kind -> function). The shared
pieces live in :mod:`.core`; the normalizers, one module per family:

- :mod:`.norm_dates`: calendar dates, weekdays, holidays, clock times, years, decades, centuries;
- :mod:`.norm_periods`: quarters, halves, seasons;
- :mod:`.norm_relative`: today, last year, two years ago, the following day ...;
- :mod:`.norm_durations`: durations, vague references, sets.

A new kind is a function decorated with ``@normalizer("kind")`` in one of them.
"""

from __future__ import annotations

from . import norm_dates, norm_durations, norm_periods, norm_relative  # noqa: F401  (register the normalizers)
from .core import NORMALIZERS, Cand, State, Timex, normalizer

__all__ = ["NORMALIZERS", "Cand", "State", "Timex", "normalizer"]
