"""Errors a user can act on: each names the file and the problem in one line."""

from __future__ import annotations


class BitextError(Exception):
    """Bad input or environment; the CLI prints it as one line and exits with status 1."""

    def __init__(self, problem: str, path: str | None = None) -> None:
        self.problem = problem
        self.path = path
        super().__init__(f"{path}: {problem}" if path else problem)


class InputError(BitextError):
    """An input file is missing, unreadable, wrongly encoded or holds nothing usable."""


class OutputError(BitextError):
    """An output file or folder cannot be written."""
