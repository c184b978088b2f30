"""The pure rules of a highlight: the player a tapped clip may load, what a form and a comment
may hold."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from broadcast.highlights import player, read_comment, read_highlight, share
from problems import Refused

FORM = {"topic": "Housing", "session": "Assembly 3", "title": "Rents",
        "clip_url": "https://vimeo.com/123456", "poster_url": "", "statement": "Buy back?"}


@pytest.mark.parametrize(("clip", "embed"), [
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42",
     "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"),
    ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"),
    ("https://m.youtube.com/shorts/dQw4w9WgXcQ",
     "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"),
    ("https://vimeo.com/123456", "https://player.vimeo.com/video/123456?autoplay=1"),
    ("https://www.youtube.com/watch?v=%22onload%3D", None),  # not a video id: no player
    ("https://peertube.example/w/abc", None),                 # another host: a link out
])
def test_player(clip, embed):
    assert player(clip) == embed


@given(st.text(max_size=300))
def test_player_only_ever_loads_the_two_known_players(clip):
    embed = player("https://" + clip)
    assert embed is None or embed.startswith(("https://www.youtube-nocookie.com/embed/",
                                              "https://player.vimeo.com/video/"))


@pytest.mark.parametrize("clip", ["http://vimeo.com/1", "javascript:alert(1)", "vimeo.com/1",
                                  "https://vimeo.com/1 onclick", "", "https://" + "a" * 500])
def test_a_clip_must_be_a_full_https_address(clip):
    with pytest.raises(Refused, match="https://"):
        read_highlight({**FORM, "clip_url": clip})


def test_every_field_but_the_poster_is_needed():
    assert read_highlight(FORM).clip_url == "https://vimeo.com/123456"
    for key in ("topic", "session", "title", "statement"):
        with pytest.raises(Refused, match="Please give"):
            read_highlight({**FORM, key: "  "})


@given(st.text(max_size=400))
def test_a_comment_is_one_tidy_line_of_at_most_280(text):
    try:
        comment = read_comment(text)
    except Refused:
        return
    assert len(comment) <= 280 and "\n" not in comment and comment == comment.strip()


def test_share_rounds_half_up_and_is_zero_of_nothing():
    assert (share(2, 3), share(1, 8), share(0, 0)) == (67, 13, 0)


def test_a_broken_address_is_refused_not_a_crash():
    assert player("https://[") is None
    with pytest.raises(Refused, match="https://"):
        read_highlight({**FORM, "clip_url": "https://["})
