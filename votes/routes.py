"""The hall's routes: a meeting's and a vote's organiser pages, voters, stewards, tellers, the
projector, results and their downloads."""

import web
from votes import downloads, hall_routes, kinds, organiser_routes, screen_routes, teller_routes

web.templates.env.globals["words"] = kinds.words  # pages ask a vote for its words, not its kind

routes = (organiser_routes.routes + hall_routes.routes + teller_routes.routes
          + screen_routes.routes + downloads.routes)
