"""The quotes stage."""
