"""Highlights over HTTP: publishing, one changeable response per resident, comments and
agreement, reports and moderation, ward confirmation by one-time link."""

from __future__ import annotations

import re

import pytest

import db
from tests.conftest import with_db

HIGHLIGHT = {"topic": "Housing", "session": "Assembly 3, 2 December", "title": "Rents on Elm Road",
             "clip_url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
             "poster_url": "https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg",
             "statement": "Should the council buy back empty flats?"}


def publish(organiser, **changes) -> int:
    r = organiser.submit("/o/highlights", {**HIGHLIGHT, **changes})
    assert r.status_code == 303, r.text
    return int(r.headers["location"].rsplit("/", 1)[1])


def as_new_resident(client):
    client.cookies.delete("resident")


def respond(client, highlight_id: int, stance: str, comment: str = "", ward_id: str = ""):
    return client.submit(f"/h/{highlight_id}/respond",
                         {"stance": stance, "comment": comment, "ward_id": ward_id})


def totals(client, highlight_id: int) -> dict:
    return client.get(f"/h/{highlight_id}").context["totals"]


@pytest.fixture
def highlight(organiser) -> int:
    return publish(organiser)


def test_publish_refuses_a_clip_that_is_not_a_web_address(organiser):
    r = organiser.submit("/o/highlights", {**HIGHLIGHT, "clip_url": "javascript:alert(1)"})
    assert r.status_code == 400
    assert "https://" in r.context["error"]
    assert organiser.get("/topics").context["topics"] == []


def test_topic_page_lists_newest_first(organiser, highlight):
    second = publish(organiser, title="Second look at rents")
    page = organiser.get("/topics/Housing")
    assert [h.id for h in page.context["highlights"]] == [second, highlight]


def test_one_response_per_resident_changeable(client, organiser, highlight):
    assert respond(client, highlight, "support").status_code == 303
    assert respond(client, highlight, "oppose").status_code == 303
    assert totals(client, highlight) == {"support": 0, "oppose": 1, "not sure": 0}
    as_new_resident(client)
    respond(client, highlight, "support")
    assert totals(client, highlight) == {"support": 1, "oppose": 1, "not sure": 0}


def test_the_database_refuses_a_second_response_row(settings, client, highlight):
    respond(client, highlight, "support")

    async def second(d):
        row = await d.fetchone("SELECT highlight_id, resident_id FROM responses")
        async with d.transaction() as conn:
            await conn.execute("INSERT INTO responses (highlight_id, resident_id, stance, day, at)"
                               " VALUES (?, ?, 'oppose', '2026-01-01', 'x')", tuple(row))

    with pytest.raises(db.IntegrityError, match="(?i)unique"):
        with_db(settings, second)


def test_a_long_comment_is_refused_and_nothing_saved(client, highlight):
    r = respond(client, highlight, "support", "x" * 281)
    assert r.status_code == 400
    assert "at most 280" in r.context["error"]
    assert totals(client, highlight)["support"] == 0


def test_comments_are_plain_text(client, highlight):
    respond(client, highlight, "support", "<script>alert(1)</script>\u202e  two   spaces")
    page = client.get(f"/h/{highlight}")
    assert page.context["comments"][0].text == "<script>alert(1)</script> two spaces"
    assert "<script>alert(1)" not in page.text


def test_agree_disagree_on_others_comments_not_ones_own(client, highlight):
    respond(client, highlight, "support", "Buy them back")
    comment = client.get(f"/h/{highlight}").context["comments"][0].id
    own = client.submit(f"/comments/{comment}/vote", {"vote": "agree"})
    assert own.status_code == 400
    for vote in ("agree", "disagree"):
        as_new_resident(client)
        assert client.submit(f"/comments/{comment}/vote", {"vote": vote}).status_code == 303
    client.submit(f"/comments/{comment}/vote", {"vote": "pass"})  # the last one changes its mind
    c = client.get(f"/h/{highlight}").context["comments"][0]
    assert (c.agree, c.disagree, c.passes, c.my_vote) == (1, 0, 1, "pass")


def test_reported_comment_is_hidden_and_restored_with_a_reason(organiser, highlight):
    respond(organiser, highlight, "oppose", "Something rude")
    comment = organiser.get(f"/h/{highlight}").context["comments"][0].id
    as_new_resident(organiser)
    assert organiser.submit(f"/comments/{comment}/report").status_code == 303
    queue = organiser.get("/o/highlights/moderation").context["queue"]
    assert [(c.id, c.reports) for c in queue] == [(comment, 1)]
    assert organiser.submit(f"/o/comments/{comment}/hide", {"reason": ""}).status_code == 400
    organiser.submit(f"/o/comments/{comment}/hide", {"reason": "insults a neighbour"})
    assert organiser.get(f"/h/{highlight}").context["comments"] == []
    log = organiser.get("/o/events").text
    assert "comment hidden" in log and "insults a neighbour" in log
    organiser.submit(f"/o/comments/{comment}/restore", {"reason": "on a second reading, fair"})
    assert [c.id for c in organiser.get(f"/h/{highlight}").context["comments"]] == [comment]


def test_moderation_is_for_organisers(client):
    assert client.get("/o/highlights/moderation").status_code == 303


def ward(organiser) -> int:
    organiser.submit("/o/areas", {"name": "Brixton"})
    organiser.submit("/o/wards", {"area_id": "1", "name": "Tulse Hill", "seats": "1"})
    return 1


def test_confirmed_and_unconfirmed_counted_apart(organiser, highlight):
    ward_id = ward(organiser)
    page = organiser.submit(f"/o/wards/{ward_id}/ward-links", {"count": "2"})
    links = page.context["links"]
    assert len(links) == 2
    token = links[0].rsplit("/", 1)[1]
    as_new_resident(organiser)
    respond(organiser, highlight, "support", ward_id=str(ward_id))
    as_new_resident(organiser)
    assert organiser.submit(f"/w/{token}").status_code == 200
    respond(organiser, highlight, "support")
    as_new_resident(organiser)
    assert organiser.submit(f"/w/{token}").status_code == 409  # once only
    lines = organiser.get(f"/h/{highlight}").context["lines"]
    assert [(line["ward"], line["confirmed"], line["support"]) for line in lines] == [
        ("Tulse Hill", False, 1), ("Tulse Hill", True, 1)]


def test_rate_limit_per_resident(client, highlight, monkeypatch):
    from limits import parse

    from broadcast import public_routes
    monkeypatch.setattr(public_routes, "PER_RESIDENT", parse("3/minute"))
    codes = [respond(client, highlight, "support").status_code for _ in range(4)]
    assert codes == [303, 303, 303, 429]


def test_feed_og_and_poster(client, highlight):
    feed = client.get("/highlights.atom")
    assert feed.headers["content-type"].startswith("application/atom+xml")
    assert re.search(r"<title>Rents on Elm Road</title>", feed.text)
    page = client.get(f"/h/{highlight}")
    assert 'property="og:image" content="https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg"' \
        in page.text
    assert "frame-src https://www.youtube-nocookie.com" in page.headers["content-security-policy"]
    assert "<iframe" not in page.text  # nothing from the host until play is tapped
    assert "<svg" in client.get("/topics/Housing/poster").text
    assert client.get("/topics/Nothing").status_code == 404


def test_a_ward_not_on_the_list_is_refused(client, highlight):
    for ward_id in ("99", "abc"):
        r = respond(client, highlight, "support", ward_id=ward_id)
        assert r.status_code == 400 and r.context["error"] == "Choose your ward from the list."
    assert totals(client, highlight)["support"] == 0
