"""The ratios page over HTTP, from doors knocked to online responses, and the "I want to help"
sign-up behind a meeting's QR code."""

from __future__ import annotations

from tests.broadcast.test_highlights_http import publish, respond
from tests.conftest import rows
from tests.programme.test_canvass import TODAY, door, send


def setup_ward(organiser) -> tuple[str, int]:
    organiser.submit("/o/areas", {"name": "Lambeth"})
    organiser.submit("/o/wards", {"area_id": "1", "name": "Tulse Hill", "seats": "1"})
    token = organiser.submit("/o/wards/1/canvass/links").context["new_link"].token
    r = organiser.submit("/o/meetings", {"ward_id": "1", "venue": "St Jude's",
                                         "starts_at": f"{TODAY}T19:00"})
    return token, int(r.headers["location"].rsplit("/", 1)[1])


def test_a_week_of_ratios(organiser):
    token, _ = setup_ward(organiser)
    for d in (door(), door(), door(improve=""), door(outcome="no answer", good="", improve=""),
              door(outcome="declined", good="", improve="")):
        assert send(organiser, token, d).status_code == 200
    respond(organiser, publish(organiser), "support", ward_id="1")
    page = organiser.get("/o/ratios")
    (ward, weeks), = page.context["wards"]
    assert ward == "Lambeth · Tulse Hill"
    steps = {s.key: (s.count, s.ratio) for s in weeks[0].steps}
    assert steps["knocked"] == (5, None)
    assert steps["answered"] == (4, 80)
    assert steps["demands"] == (2, 50)
    assert steps["responses"][0] == 1
    csv = organiser.get("/o/ratios.csv")
    assert "Doors answered,4,80," in csv.text


def test_i_want_to_help_keeps_contact_apart_with_consent(client, organiser, settings):
    _, meeting = setup_ward(organiser)
    assert "<svg" in organiser.get(f"/o/meetings/{meeting}/help-poster").text
    refused = client.submit(f"/help/{meeting}", {"name": "Ada", "phone": "07700 900123"})
    assert refused.status_code == 400 and "Tick the box" in refused.context["error"]
    no_contact = client.submit(f"/help/{meeting}", {"name": "Ada", "consent": "yes"})
    assert no_contact.status_code == 400
    ok = client.submit(f"/help/{meeting}", {"name": "Ada", "phone": "07700 900123",
                                            "consent": "yes"})
    assert ok.status_code == 200 and ok.context["done"]
    helpers = rows(settings, "SELECT * FROM helpers")
    assert len(helpers) == 1 and not any("Ada" in str(v) for v in helpers[0])  # name kept apart
    listed = organiser.get("/o/wards/1/volunteers").context["volunteers"]
    assert [(v.name, v.phone) for v in listed] == [("Ada", "07700 900123")]
    weeks = organiser.get("/o/ratios").context["wards"][0][1]
    assert {s.key: s.count for s in weeks[0].steps}["volunteers"] == 1


def test_a_volunteers_contact_is_deleted_on_request(client, organiser, settings):
    _, meeting = setup_ward(organiser)
    client.submit(f"/help/{meeting}", {"name": "Ada", "email": "ada@example.org",
                                       "consent": "yes"})
    volunteer = organiser.get("/o/wards/1/volunteers").context["volunteers"][0].id
    assert organiser.submit("/o/wards/1/volunteers", {"volunteer_id": "99"}).status_code == 404
    r = organiser.submit("/o/wards/1/volunteers", {"volunteer_id": str(volunteer)})
    assert r.status_code == 200 and r.context["deleted"] and r.context["volunteers"] == []
    weeks = organiser.get("/o/ratios").context["wards"][0][1]
    assert {s.key: s.count for s in weeks[0].steps}["volunteers"] == 1  # still counted
