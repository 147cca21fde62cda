"""The time stage: when each thing was said, from the text and the publication date.

* :func:`claimtrace.time.expressions.find_time_expressions`: temporal
  expressions in a text, normalised against its publication date.
* :func:`claimtrace.time.resolve.date_statement`: the date of a quote or event
  sentence, or the publication date as an upper bound.
* :func:`claimtrace.time.resolve.estimate_publication_date`: an estimate for
  undated articles from the dates they mention.
* :mod:`claimtrace.time.timeline`: ordering, filtering and plotting dated points.
"""
