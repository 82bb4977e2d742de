"""The error every configuration check raises, naming the key, the value and what is allowed.

A leaf module (it imports nothing from ``sim``): the configuration's checks and the
timeline's checks of its events raise the same error without importing each other.
"""

from __future__ import annotations

from typing import Any


class ConfigError(ValueError):
    """A configuration value that cannot be simulated; the message names key, value, rule."""

    def __init__(self, key: str, value: Any, allowed: str):
        super().__init__(f"{key}={value!r} is not allowed: {allowed}")
        self.key, self.value, self.allowed = key, value, allowed
