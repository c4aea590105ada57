"""The README's linking exchange is what Plaza says: replayed as a Telegram message and a
Discord one, on one database, and compared line for line (the code itself aside)."""

from __future__ import annotations

import re
from pathlib import Path

from bot.conversation import Conversation
from bot.messages import Incoming
from storage.db import make_engine, migrate
from storage.models import Platform

README = Path(__file__).parents[1] / "README.md"
_SECTION = re.compile(r"## One person, every platform\n(.*?)\n## ", re.S)
_EXCHANGE = re.compile(r"```text\n(.*?)```", re.S)
_CODE = re.compile(r"[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}")


def _turn(block: str) -> tuple[str, str]:
    """(what "you" say, what Plaza answers, its lines unindented) in one README block."""
    said, _, answer = block.partition("\nPlaza:  ")
    lines = answer.rstrip("\n").split("\n")
    return said.removeprefix("you:    "), "\n".join(line.removeprefix("        ")
                                                   for line in lines)


def test_the_readme_shows_linking_discord_from_telegram_in_two_messages(tmp_path: Path) -> None:
    section = _SECTION.search(README.read_text())
    assert section is not None
    on_telegram, on_discord = (_turn(block) for block in _EXCHANGE.findall(section.group(1)))
    engine = make_engine(f"sqlite:///{tmp_path / 'plaza.db'}")
    migrate(engine)
    plaza = Conversation(engine)
    plaza.handle(Incoming(Platform.telegram, "42", "42", "/start", username="alice"))
    [asked] = plaza.handle(Incoming(Platform.telegram, "42", "42", on_telegram[0]))
    code = _CODE.search(asked.text)
    assert code is not None
    assert _CODE.sub("7KQ-4MX-P2Z", asked.text) == on_telegram[1]
    typed = on_discord[0].replace("7KQ-4MX-P2Z", code.group())
    [linked] = plaza.handle(Incoming(Platform.discord, "1001", "1001", typed, username="ally",
                                     opening=True))
    assert linked.text == on_discord[1].replace("\n", " ")
