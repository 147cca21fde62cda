"""Ingest engines other than the default in-process pipeline (``claimtrace.pipeline.ingest``).

``ray_engine`` spreads the NLP over a Ray cluster; it is imported only when
``claimtrace ingest --engine ray`` asks for it, so Ray never loads otherwise.
"""
