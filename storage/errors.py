"""Refusals from the network, as data a caller can turn into one clear sentence.

    StorageError
     ├── NotFound       a handle, post or identity that does not exist (or is hidden)
     ├── NotAllowed     the rules forbid it: blocked, not yours, yourself, ...
     └── InvalidInput   a value out of shape: too long, bad characters, taken, ...

Each carries a short machine `reason` plus the fields needed to explain it;
wording and language are the caller's business.
"""

from __future__ import annotations

from typing import Any


class StorageError(Exception):
    """Base of every refusal; `reason` is a stable code such as "blocked"."""

    def __init__(self, reason: str, **detail: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in self.detail.items())
        return f"{type(self).__name__}({self.reason!r}{', ' if fields else ''}{fields})"

    __str__ = __repr__


class NotFound(StorageError):
    """Something named does not exist, or the viewer may not know that it does."""


class NotAllowed(StorageError):
    """The request is well-formed but the network's rules refuse it."""


class InvalidInput(StorageError):
    """A value is out of shape; `field` names it."""
