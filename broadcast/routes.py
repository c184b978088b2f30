"""The broadcast's routes: highlights in public, organisers' pages, the pulse."""

from broadcast import organiser_routes, public_routes, ratio_routes

routes: list = public_routes.routes + organiser_routes.routes + ratio_routes.routes
