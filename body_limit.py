"""The size of request bodies, checked before anything reads them."""

from __future__ import annotations

from starlette.requests import Request

import web

UPLOAD_BYTES = 20 * 1024 * 1024 + 64 * 1024  # a 20 MB answers file and its form around it


class BodyLimit:
    """Pure ASGI middleware, in front of the CSRF check (which reads a form into one string):
    a body over its limit is refused by its Content-Length before a byte is read, or as soon
    as the streamed bytes pass the limit, so a big body costs no more than reading the limit.
    Uploads (multipart) may be 20 MB; everything else is a form of web.MAX_FORM_BYTES."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        multipart = headers.get(b"content-type", b"").lower().startswith(b"multipart/form-data")
        limit = UPLOAD_BYTES if multipart else web.MAX_FORM_BYTES
        length = headers.get(b"content-length", b"0").strip()
        if not length.isdigit() or int(length) > limit:
            return await self._refuse(scope, send, limit)
        seen, refused = 0, False

        async def capped():
            nonlocal seen, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                refused = True
                await self._refuse(scope, send, limit)
                return {"type": "http.disconnect"}
            return message

        async def unless_refused(message):
            if not refused:
                await send(message)

        try:
            await self.app(scope, capped, unless_refused)
        except Exception:
            if not refused:  # the app's own error: not ours to hide
                raise

    @staticmethod
    async def _refuse(scope, send, limit: int):
        size = f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"
        body = web.templates.get_template("problem.html").render(
            request=Request(scope), title="Too large",
            message=f"That was too large to accept (at most {size}). Nothing was saved.").encode()
        await send({"type": "http.response.start", "status": 413, "headers": [
            (b"content-type", b"text/html; charset=utf-8"), (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})
