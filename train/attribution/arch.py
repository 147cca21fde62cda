"""Registers the extractor architecture for `spacy train --code`."""

import claimtrace.quotes.extractor  # noqa: F401
