"""The programme's routes: doorstep answers, themes, shortlists and pledges."""

from programme import (
    answers_routes,
    canvass_routes,
    pledge_routes,
    programme_routes,
    theme_routes,
    ward_routes,
)

routes: list = (canvass_routes.routes + answers_routes.routes + ward_routes.routes
                + theme_routes.routes + programme_routes.routes + pledge_routes.routes)
