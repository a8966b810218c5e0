"""Exhibition venues as their cities: an event at "Makuhari Messe" takes place in Chiba.

The convention (fixtures/README.md, "Annotation decisions"; the dev gold) is that an event
at a venue or during a conference is located in the city, and that a named venue does not
replace the city. The knowledge base lists each convention centre with its parent city
(``models/kb/facilities.jsonl``, ``type: convention_center``); other facilities (a palace,
a park, a science city) stay places of their own ("Bletchley Park", "Cyberport").
A page banner keeps its venue (the seed gold): :func:`city_of` is applied to body mentions.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Optional

from ..kb import load_kb


@lru_cache(maxsize=1)
def venue_cities() -> dict[str, str]:
    """Lower-cased canonical names and aliases of convention centres -> their city."""
    out: dict[str, str] = {}
    for entry in load_kb().entries:
        if entry.label == "FAC" and entry.type == "convention_center" and entry.parent:
            for name in entry.names:
                out[name.lower()] = entry.parent
    return out


def city_of(location: Optional[str]) -> Optional[str]:
    """The city of a convention centre, or None when ``location`` is no known venue."""
    if not location:
        return None
    return venue_cities().get(location.lower())
