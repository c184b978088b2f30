"""The primary's routes: nominations and the organiser's set-up of an evening."""

from primary import invite_routes, nomination_routes, review_routes, setup_routes

routes = (setup_routes.routes + nomination_routes.routes + review_routes.routes
          + invite_routes.routes)
