"""Nominations and the in-room vote."""
