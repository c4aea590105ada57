from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlmodel import Session

from storage import network
from storage.models import Person, Platform


@pytest.fixture
def person(session: Session) -> Callable[..., Person]:
    """Register someone on the console, interests optional: person("alice", "jazz")."""

    def make(handle: str, *interests: str) -> Person:
        new = network.register(session, handle, platform=Platform.console, external_id=handle)
        if interests:
            network.update_profile(session, new, interests=list(interests))
        return new

    return make
