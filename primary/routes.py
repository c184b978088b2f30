"""The primary's routes: organiser set-up, and the hall (voters, stewards, tellers, projector)."""

from primary import downloads, hall_routes, setup_routes

routes = setup_routes.routes + hall_routes.routes + downloads.routes
