"""What an action did, as data: the executor's answer and the renderer's input.

An outcome names its phrase (`key`, see bot/phrases.py) and carries the facts
to fill it and to list under it. It also says what the chat is now about, so
"like it" and "follow her too" resolve on the next turn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.messages import Attachment
from storage.views import PersonView, PostView, Suggestion


@dataclass(frozen=True, slots=True)
class Outcome:
    key: str
    fields: dict[str, Any] = field(default_factory=dict)
    posts: list[PostView] = field(default_factory=list)
    people: list[PersonView | Suggestion] = field(default_factory=list)
    handles: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # said already: listed one per line
    profile: PersonView | None = None
    sections: list[Outcome] = field(default_factory=list)
    attachment: Attachment | None = None
    subject_post: int | None = None
    subject_person: str | None = None
    next_cursor: int | None = None  # more to read: pass back as `before`
    byline: bool = True  # False: `posts` are all by one author, listed under their name
