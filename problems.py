"""What a store or a rule raises when a request cannot be done: one family for every package,
turned into a page once, in app.py."""


class NotFound(Exception):
    """There is no such thing (a vote, a ward, a programme version): a 404."""


class Refused(ValueError):
    """Input the user can fix; the message says how. Nothing was changed: a 400."""
