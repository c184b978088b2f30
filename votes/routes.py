"""The hall's routes: voters, stewards, tellers, the projector, results and their downloads."""

from votes import downloads, hall_routes

routes = hall_routes.routes + downloads.routes
