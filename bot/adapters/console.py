"""Plaza in the terminal: one message per line in, replies out.

Works the same typed by hand or piped, so a scripted conversation between
several people can be replayed (`--user alice`, then `--user bob`).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from bot.conversation import Conversation
from bot.messages import Incoming, Reply
from storage.models import Platform


def show(reply: Reply, out: TextIO, folder: Path) -> None:
    out.write(reply.text + "\n")
    if reply.attachment:
        path = folder / reply.attachment.filename
        path.write_bytes(reply.attachment.content)
        out.write(f"({path})\n")
    out.write("\n")
    out.flush()


def run(
    conversation: Conversation,
    user: str,
    source: TextIO = sys.stdin,
    out: TextIO = sys.stdout,
    folder: Path = Path("."),
) -> None:
    """Talk as `user` until end of input; blank lines are skipped."""
    interactive = source.isatty()
    while True:
        if interactive:
            out.write(f"{user}> ")
            out.flush()
        line = source.readline()
        if not line:
            break
        if not line.strip():
            continue
        incoming = Incoming(Platform.console, user, user, line.rstrip("\n"), username=user)
        for reply in conversation.handle(incoming):
            show(reply, out, folder)
