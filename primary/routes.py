"""The primary's routes: nominations, organiser set-up, and the hall (voters, stewards, tellers,
projector)."""

from primary import (
    downloads,
    hall_routes,
    invite_routes,
    nomination_routes,
    review_routes,
    screen_routes,
    setup_routes,
)

routes = (setup_routes.routes + hall_routes.routes + screen_routes.routes + downloads.routes
          + nomination_routes.routes + review_routes.routes + invite_routes.routes)
