"""The routes of an assembly chosen by lot."""

from sortition import organiser_routes, print_routes, public_routes

routes: list = organiser_routes.routes + print_routes.routes + public_routes.routes
