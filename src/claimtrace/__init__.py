"""claimtrace: answer a contested question from a pile of news articles, with citations."""

__version__ = "0.1.0"
