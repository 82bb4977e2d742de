"""The error every configuration check raises, naming the key, the value and what is allowed,
and the way every command ends on an error: one line, and an exit status.

A leaf module (it imports nothing from ``sim``): the configuration's checks and the
timeline's checks of its events raise the same error without importing each other, and
each command (``sim``, ``sim-gather``, ``sim-report``, ``sim-claims``) ends alike.
"""

from __future__ import annotations

import sys
from typing import Any, NoReturn


class ConfigError(ValueError):
    """A configuration value that cannot be simulated; the message names key, value, rule."""

    def __init__(self, key: str, value: Any, allowed: str):
        super().__init__(f"{key}={value!r} is not allowed: {allowed}")
        self.key, self.value, self.allowed = key, value, allowed


def exit_in_one_line(program: str, message: str, status: int = 2) -> NoReturn:
    """End the command ``program`` with ``program: message`` on stderr and exit ``status``:
    2 for input that cannot be taken or a directory that cannot be written, 1 for work that
    failed, 130 for Ctrl-C. No traceback: the exception being handled is not chained."""
    print(f"{program}: {message}", file=sys.stderr)
    raise SystemExit(status) from None
