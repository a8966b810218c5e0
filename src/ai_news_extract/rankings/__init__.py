"""Rankings: who holds which position in which ordered list (see docs/rankings.md).

``lexicon``      word lists and Matcher patterns from models/rankings/
``names``        name mentions a position can belong to
``expressions``  words that state a position ('third', 'No. 1', 'top five', 'topped')
``clauses``      whose position it is and in what (criterion, scope)
``sources``      who ranked and when (report phrase, release date)
``extract``      one Doc -> raw items;  ``assemble``  raw items -> ranking records
"""

from .extract import RankingExtractor
from .lexicon import Lexicon, load_lexicon

__all__ = ["RankingExtractor", "Lexicon", "load_lexicon"]
