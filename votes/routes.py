"""The hall's routes: a meeting's and a vote's organiser pages, voters, stewards, tellers, the
projector, results and their downloads."""

from votes import downloads, hall_routes, organiser_routes

routes = organiser_routes.routes + hall_routes.routes + downloads.routes
