"""frontlines: sourced, geo-located, dated records of armed conflict from the news.

The library's face is :class:`frontlines.api.Frontlines`. The version has one source, the package
metadata (pyproject.toml).
"""
from __future__ import annotations


def __getattr__(name: str) -> str:
    if name == "__version__":
        from importlib.metadata import version

        return version("frontlines")
    raise AttributeError(name)
