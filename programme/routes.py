"""The programme's routes: doorstep answers, themes, shortlists and pledges."""

routes: list = []
