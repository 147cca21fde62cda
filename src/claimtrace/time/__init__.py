"""The time stage."""
