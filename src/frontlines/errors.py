"""Coded errors: what went wrong, in which document, and how to fix it.

Every error frontlines raises is a :class:`FrontlinesError` with a stable ``code`` (E1xx input,
E2xx extraction/models, E3xx store, E4xx reference imports, E5xx configuration, E6xx web/API,
E7xx scale). ``str(err)`` is one line: ``E101 path/to/file: cause (fix: ...)``.
Library code raises these and never prints or exits; the CLI and the API render them.
"""
from __future__ import annotations


class FrontlinesError(Exception):
    code = "E000"
    stage = "unknown"
    status = 500  # HTTP status when this reaches the REST API

    def __init__(self, message: str, *, doc: str | None = None, fix: str | None = None,
                 code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.doc = doc
        self.fix = fix
        if code:
            self.code = code

    def __str__(self) -> str:
        where = f"{self.doc}: " if self.doc else ""
        fix = f" (fix: {self.fix})" if self.fix else ""
        return f"{self.code} {where}{self.message}{fix}"


class InputError(FrontlinesError):
    """A document could not be read, decoded or cleaned."""
    code = "E100"
    stage = "read"
    status = 400


class MissingFile(InputError):
    code = "E101"


class EmptyDocument(InputError):
    code = "E102"


class BinaryDocument(InputError):
    code = "E103"


class EncodingError(InputError):
    code = "E104"
    stage = "decode"


class TooLarge(InputError):
    code = "E105"
    status = 413


class MalformedInput(InputError):
    """Malformed HTML, feed, JSON Lines, WARC or CSV."""
    code = "E106"
    stage = "parse"


class ExtractionError(FrontlinesError):
    code = "E200"
    stage = "extract"


class ModelMissing(ExtractionError):
    code = "E201"


class GazetteerError(ExtractionError):
    code = "E202"


class LexiconError(ExtractionError):
    code = "E203"


class StoreError(FrontlinesError):
    code = "E300"
    stage = "store"


class NotFound(StoreError):
    code = "E301"
    status = 404


class ImportFormatError(FrontlinesError):
    """A reference import (ACLED, UCDP) row or column is malformed."""
    code = "E400"
    stage = "import"
    status = 400


class ConfigError(FrontlinesError):
    code = "E500"
    stage = "config"


class ApiError(FrontlinesError):
    code = "E600"
    stage = "api"
    status = 400


class Unauthorized(ApiError):
    code = "E601"
    status = 401


class Forbidden(ApiError):
    code = "E602"
    status = 403


class ScaleError(FrontlinesError):
    code = "E700"
    stage = "scale"
