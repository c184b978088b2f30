"""Doorstep answers to themes, shortlists and pledges."""
