"""A progress bar on stderr for long runs from a terminal; nothing when piped or in CI."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

#: Fewer files than this finish before a bar would help.
MIN_FILES = 21


def wanted(stream: Any = None) -> bool:
    """A terminal on stderr and no ``CI`` variable (set by GitHub Actions, GitLab CI and most others)."""
    stream = stream if stream is not None else sys.stderr
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and not os.environ.get("CI")


@contextmanager
def bar(total: int, stream: Any = None) -> Iterator[Callable[[Any], None] | None]:
    """Yield an ``on_result`` callback that advances a bar of ``total`` files, or None for no bar."""
    if total < MIN_FILES:
        yield None
        return
    import click

    with click.progressbar(length=total, label="Checking", file=stream or sys.stderr, show_pos=True,
                           item_show_func=lambda r: r.display if r is not None else None) as pb:
        def advance(result: Any) -> None:
            pb.update(1, result)

        yield advance
