"""Cross-site request forgery: every POST carries the page's token. asgi-csrf checks it; this
module reads the token of a multipart upload (which asgi-csrf cannot) and answers a refusal with
a page, never a crash."""

from __future__ import annotations

import re

from asgi_csrf import asgi_csrf

from web import SECURITY_HEADERS


def csrf_failed_page(render_page):
    """The refusal as a page; `render_page(scope)` says it in the request's language."""
    async def send_failed(scope, send, message_id):
        body = render_page(scope).encode()
        await send({"type": "http.response.start", "status": 403,
                    "headers": [(b"content-type", b"text/html; charset=utf-8")]
                    + [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]})
        await send({"type": "http.response.body", "body": body})

    return send_failed


MULTIPART_HEAD = 8 * 1024  # the token is the first field, so it is in the first bytes


def multipart_token(content_type: str, head: bytes) -> str | None:
    """The csrftoken of a multipart body if it is the body's first field (our upload forms put
    {{ csrf() }} first), else None: a token after a file is not looked for."""
    boundary = re.search(r'boundary="?([^";,\s]+)"?', content_type)
    if boundary is None:
        return None
    delimiter = b"--" + boundary.group(1).encode("latin-1")
    if not head.startswith(delimiter + b"\r\n"):
        return None
    headers, found, rest = head[len(delimiter) + 2:].partition(b"\r\n\r\n")
    lines = headers.decode("latin-1").split("\r\n")
    disposition = next((h for h in lines if h.lower().startswith("content-disposition:")), "")
    if not found or not re.search(r';\s*name="csrftoken"\s*(;|$)', disposition) \
            or "filename" in disposition.lower():
        return None
    value, found, _ = rest.partition(b"\r\n" + delimiter)
    return value.decode("ascii") if found and value.isascii() else None


async def _head(receive, limit: int):
    """The first `limit` bytes of the body, and a receive() that replays them."""
    messages, head = [], b""
    while len(head) < limit:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request" or not message.get("more_body", False):
            head += message.get("body", b"")
            break
        head += message.get("body", b"")

    async def replay():
        return messages.pop(0) if messages else await receive()

    return head, replay


def csrf_protect(app, **options):
    """asgi-csrf, refusing what it cannot read instead of crashing: a token with non-ASCII
    characters (compare_digest raises TypeError). A multipart body (asgi-csrf 0.11 cannot parse
    it with python-multipart 0.0.34) is checked here: its token, from the x-csrftoken header or
    the first field, is handed to asgi-csrf as the header, with a content type it refuses cleanly
    if the token is wrong; the app then gets the request as it came. An error raised by the app
    behind it still propagates."""

    async def passed(scope, receive, send):
        scope["hustings.csrf_passed"].append(True)
        if "hustings.headers" in scope:
            scope = {**scope, "headers": scope["hustings.headers"]}
        await app(scope, receive, send)

    checked = asgi_csrf(passed, **options)

    async def guarded(scope, receive, send):
        if scope["type"] != "http":
            return await app(scope, receive, send)
        headers = scope.get("headers") or []
        sent = dict(headers)
        content_type = sent.get(b"content-type", b"").decode("latin-1")
        if scope["method"] not in ("GET", "HEAD", "OPTIONS", "TRACE") and \
                content_type.split(";")[0].strip().lower() == "multipart/form-data":
            token = sent.get(b"x-csrftoken", b"").decode("latin-1")
            if not token:
                head, receive = await _head(receive, MULTIPART_HEAD)
                token = multipart_token(content_type, head) or ""
            scope = {**scope, "hustings.headers": headers, "headers": [
                (k, v) for k, v in headers if k not in (b"x-csrftoken", b"content-type")
            ] + [(b"x-csrftoken", token.encode("latin-1")),
                 (b"content-type", b"application/x-hustings-multipart")]}
        through: list[bool] = []
        try:
            await checked({**scope, "hustings.csrf_passed": through}, receive, send)
        except Exception:
            if through:
                raise
            await options["send_csrf_failed"](scope, send, None)

    return guarded


class Everywhere:
    """For asgi-csrf's always_protect: check every POST, even one that arrives without cookies."""

    def __contains__(self, path: object) -> bool:
        return True
