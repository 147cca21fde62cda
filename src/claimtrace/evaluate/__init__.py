"""Evaluation commands: ``python -m claimtrace.evaluate NAME ARGS``.

Each evaluation lives in its own module ``claimtrace.evaluate.NAME`` exposing
``main(argv: list[str]) -> int``, so adding one never touches the others.
"""
