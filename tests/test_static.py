"""Static files: a favicon, CSS and JS gzipped, and cached for an hour (pages never are)."""

import pytest


def test_the_favicon_is_there_for_every_page(client):
    r = client.get("/favicon.ico")
    assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
    assert '<link rel="icon" href="/static/favicon.svg"' in client.get("/").text


@pytest.mark.parametrize("path", ["/static/style.css", "/static/count.js",
                                  "/static/projector.js", "/favicon.ico"])
def test_css_and_js_are_gzipped_and_cached_for_an_hour(client, path):
    r = client.get(path, headers={"accept-encoding": "gzip"})
    assert r.status_code == 200
    assert r.headers["cache-control"] == "public, max-age=3600"
    if path.endswith((".css", ".js")):
        assert r.headers["content-encoding"] == "gzip"
        assert int(r.headers["content-length"]) < len(r.content) / 2  # decoded by the client


def test_the_canvassers_worker_is_checked_every_time_and_pages_never_cached(client):
    assert client.get("/static/canvass-sw.js").headers["cache-control"] == "no-cache"
    page = client.get("/", headers={"accept-encoding": "gzip"})
    assert page.headers["cache-control"] == "no-store"
    assert "content-encoding" not in page.headers
