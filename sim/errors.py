"""The error every configuration check raises, naming the key, the value and what is allowed,
and the way every command ends on an error: one line, and an exit status; the parser of the
commands whose options argparse reads, whose usage errors end so too.

A leaf module (it imports nothing from ``sim``): the configuration's checks and the
timeline's checks of its events raise the same error without importing each other, and
each command (``sim``, ``sim-gather``, ``sim-report``, ``sim-claims``) ends alike.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
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


class CommandParser(argparse.ArgumentParser):
    """An argument parser whose usage errors end the command in one line, as every refusal
    does (``PROG: bad option: MESSAGE; see PROG --help``, exit 2), where argparse prints its
    usage first."""

    def error(self, message: str) -> NoReturn:
        exit_in_one_line(self.prog, f"bad option: {message}; see {self.prog} --help")


def path_option(text: str) -> Path:
    """A path option's value (argparse's ``type=``): any path but an empty one, which would
    stand for the current directory unasked."""
    if not text.strip():
        raise argparse.ArgumentTypeError(f"{text!r} is not allowed: a path (an empty one would be the current "
                                         f"directory; give . for that)")
    return Path(text)
