"""The API's one error shape, ``{"error": {"code": ..., "message": ...}}``, for every error.

``code`` is a frontlines error code from :mod:`frontlines.errors` (``E301`` not found, ``E105``
body too large, ``E601``/``E602`` token refused, ...) or, for errors the HTTP layer raises
itself, a short HTTP-ish word (``not_found``, ``method_not_allowed``, ``invalid_request``,
``internal_error``). Clients never see a stack trace: unhandled exceptions are logged on the
server and answered with ``internal_error``.

Also here: the request-body limit (an ASGI middleware, so it holds before any parsing) and the
security headers every response carries (a Content-Security-Policy without inline scripts).
"""
from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import FrontlinesError, TooLarge

log = logging.getLogger(__name__)

#: codes of errors raised by the HTTP layer itself, by status
HTTP_CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 406: "not_acceptable", 409: "conflict", 413: TooLarge.code,
    415: "unsupported_media_type", 422: "invalid_request", 429: "too_many_requests",
    500: "internal_error", 503: "unavailable",
}

#: the page's Content-Security-Policy: scripts only from this origin, no inline scripts, no eval
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
       "frame-ancestors 'none'; form-action 'self'")

SECURITY_HEADERS = (
    (b"content-security-policy", CSP.encode("ascii")),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
)


def error_body(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(code, message), status_code=status, headers=headers)


def frontlines_message(exc: FrontlinesError) -> str:
    """``doc: message (fix: ...)`` without the code (the code has its own field)."""
    where = f"{exc.doc}: " if exc.doc else ""
    fix = f" (fix: {exc.fix})" if exc.fix else ""
    return f"{where}{exc.message}{fix}"


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        loc = ".".join(str(p) for p in err.get("loc", ()) if p != "body" or len(err.get("loc", ())) == 1)
        parts.append(f"{loc}: {err.get('msg', 'invalid')}" if loc else str(err.get("msg", "invalid")))
    more = len(exc.errors()) - len(parts)
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


async def _on_frontlines_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, FrontlinesError)
    status = int(getattr(exc, "status", 500) or 500)
    if status >= 500:
        log.error("%s %s failed: %s", request.method, request.url.path, exc)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return error_response(status, exc.code, frontlines_message(exc), headers)


async def _on_http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = HTTP_CODES.get(exc.status_code, f"http_{exc.status_code}")
    detail = exc.detail if isinstance(exc.detail, str) else None
    if exc.status_code == 404 and (detail is None or detail == "Not Found"):
        detail = f"no such resource: {request.url.path}"
    elif exc.status_code == 405:
        detail = f"method {request.method} is not allowed on {request.url.path}"
    return error_response(exc.status_code, code, detail or code.replace("_", " "), getattr(exc, "headers", None))


async def _on_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return error_response(422, HTTP_CODES[422], _validation_message(exc))


async def _on_unhandled(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return error_response(500, HTTP_CODES[500], "internal error; the server log has the details")


def install_error_handlers(app: FastAPI) -> None:
    """Render every error of ``app`` in the one JSON shape."""
    app.add_exception_handler(FrontlinesError, _on_frontlines_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(Exception, _on_unhandled)


async def _send_json(send: Any, status: int, body: dict[str, Any]) -> None:
    response = JSONResponse(body, status_code=status)
    await send({"type": "http.response.start", "status": status, "headers": response.raw_headers})
    await send({"type": "http.response.body", "body": response.body})


class BodyLimitMiddleware:
    """Refuse request bodies larger than ``max_body`` bytes with 413 (code E105), whether the
    client announces the size (Content-Length) or streams it. Bodies are at most ``max_body``
    bytes, so buffering them here is bounded."""

    def __init__(self, app: Any, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def _too_large(self, send: Any, size: str) -> None:
        await _send_json(send, 413, error_body(TooLarge.code, f"request body of {size} is larger than the "
                                               f"limit of {self.max_body} bytes (setting api_max_body)"))

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for key, value in scope.get("headers", ()):
            if key == b"content-length":
                try:
                    announced = int(value)
                except ValueError:
                    await _send_json(send, 400, error_body(HTTP_CODES[400], "invalid Content-Length header"))
                    return
                if announced > self.max_body:
                    await self._too_large(send, f"{announced} bytes")
                    return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if len(body) > self.max_body:
                await self._too_large(send, f"more than {self.max_body} bytes")
                return
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> dict[str, Any]:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


class SecurityHeadersMiddleware:
    """Add :data:`SECURITY_HEADERS` (CSP, nosniff, no referrer, no framing) to every response."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", ())}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                message = {**message, "headers": list(message.get("headers", ())) + extra}
            await send(message)

        await self.app(scope, receive, send_with_headers)
