"""The quotes stage: who said what, where, in each document.

``extract_quotes(doc)`` reads a spaCy parse of the repaired text and returns
Quote records (direct, indirect and mixed statements with speaker mentions);
``find_quotes(doc)`` returns them with the quote spans and the document's
speaker index, which the ingest stage hands on to provenance;
``SpeakerRegistry`` gives each speaker one id across documents.
"""

from claimtrace.quotes.attribution import QuoteFindings, extract_quotes, find_quotes
from claimtrace.quotes.marks import QuoteSpan, find_quote_spans
from claimtrace.quotes.model import Quote, SpeakerMention, SpeakerProfile
from claimtrace.quotes.speakers import DocumentSpeakers, SpeakerRegistry, normalise_name

__all__ = [
    "DocumentSpeakers",
    "Quote",
    "QuoteFindings",
    "QuoteSpan",
    "SpeakerMention",
    "SpeakerProfile",
    "SpeakerRegistry",
    "extract_quotes",
    "find_quote_spans",
    "find_quotes",
    "normalise_name",
]
