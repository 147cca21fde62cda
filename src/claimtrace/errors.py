"""Errors a user can fix: shown as one plain line, never as a traceback."""


class UserError(Exception):
    """Bad input or a wrong option: the message says what is wrong and what to do."""
