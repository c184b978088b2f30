"""The pulse the projector shows: per topic today's responses, support share, bridging comments."""

from tests.broadcast.test_highlights_http import as_new_resident, publish, respond


def test_pulse_counts_todays_responses_per_topic(organiser):
    housing = publish(organiser)
    care = publish(organiser, topic="Care", title="Home visits")
    assert organiser.get("/o/pulse.json").json() == {"topics": []}
    for stance in ("support", "support", "oppose"):
        as_new_resident(organiser)
        respond(organiser, housing, stance)
    respond(organiser, care, "not sure")
    topics = organiser.get("/o/pulse.json").json()["topics"]
    assert [(t["topic"], t["responses"], t["support_share"]) for t in topics] == [
        ("Housing", 3, 67), ("Care", 1, 0)]
    assert organiser.get("/o/pulse").context["topics"] == topics


def test_pulse_shows_a_comment_every_group_agrees_with(organiser):
    housing = publish(organiser)
    respond(organiser, housing, "support", "Empty flats should house local families")
    comment = organiser.get(f"/h/{housing}").context["comments"][0].id
    for _ in range(3):
        as_new_resident(organiser)
        organiser.submit(f"/comments/{comment}/vote", {"vote": "agree"})
    topics = organiser.get("/o/pulse.json").json()["topics"]
    assert topics[0]["bridging"] == [{"text": "Empty flats should house local families",
                                      "agree": 80}]


def test_pulse_is_for_organisers(client):
    assert client.get("/o/pulse.json").status_code == 303
