"""Plaza in the terminal: one message per line in, replies out.

Works the same typed by hand or piped, so a scripted conversation between
several people can be replayed (`--user alice`, then `--user bob`). Typed by
hand, lines are read with the standard library's readline: arrow keys move and
recall earlier lines, kept between sessions in `~/.plaza_history`. Piped, no
prompt is shown and no history is read or written.

Standard input is read as UTF-8 whatever the locale says, with bytes that are
not UTF-8 replaced by U+FFFD (`lines`): every line is then a valid string, and
one bad byte costs one character, not the chat or the rest of the line.

An export is saved as a file in `folder`, never over an earlier one, and its
full path is printed; when it cannot be written there, the chat says so and
goes on.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from bot.conversation import Conversation
from bot.messages import Attachment, Incoming, Reply
from storage.models import Platform

HISTORY_FILE = ".plaza_history"  # in the home folder
# A line holding what looks like a link code ("7KQ-4MX-P2Z", storage.linking) is left out
# of the history: a live code is a secret, and the history file outlives it.
_CODE_LIKE = re.compile(r"(?<![0-9A-Za-z])[0-9A-Za-z]{3}[\s\-_.·]{0,3}[0-9A-Za-z]{3}"
                        r"[\s\-_.·]{0,3}[0-9A-Za-z]{3}(?![0-9A-Za-z])")
HISTORY_LINES = 1000  # the newest lines kept


def show(reply: Reply, out: TextIO, folder: Path) -> None:
    out.write(reply.text + "\n")
    if reply.attachment:
        try:
            out.write(f"→ {save(reply.attachment, folder)}\n")
        except OSError as error:  # a read-only folder, a full disk: the chat goes on
            reason = error.strerror or str(error)
            out.write(f"→ Could not write {reply.attachment.filename} in "
                      f"{folder.absolute()} ({reason}). Start Plaza from a folder you "
                      "may write in, then ask again.\n")
    out.write("\n")
    out.flush()


def lines(source: TextIO) -> TextIO:
    """`source` set to read UTF-8, invalid bytes replaced by U+FFFD, whatever the locale or
    PYTHONIOENCODING chose (strict would end the chat on a bad byte; surrogateescape
    would pass lone surrogates on, which fail later when the text is encoded). A stream
    that is not a file's (already decoded) is returned as it is."""
    if isinstance(source, io.TextIOWrapper):
        source.reconfigure(encoding="utf-8", errors="replace")
    return source


def save(attachment: Attachment, folder: Path) -> Path:
    """Write `attachment` into `folder` under its name, or with -2, -3... before the suffix
    when that name is taken; the absolute path written. Never replaces a file."""
    name = Path(attachment.filename)
    for number in range(1, 10_000):
        path = (folder / (name.name if number == 1 else
                          f"{name.stem}-{number}{name.suffix}")).absolute()
        try:
            with path.open("xb") as file:  # "x": fails if it exists, even if made meanwhile
                file.write(attachment.content)
            return path
        except FileExistsError:
            continue
    raise FileExistsError(f"{attachment.filename} and 9,998 numbered copies exist in {folder}")


def run(
    conversation: Conversation,
    user: str,
    source: TextIO = sys.stdin,
    out: TextIO = sys.stdout,
    folder: Path = Path("."),
) -> None:
    """Talk as `user` until end of input; blank lines are skipped."""
    source = lines(source)
    for line in typed(user, out) if source.isatty() else _piped(source):
        if not line.strip():
            continue
        incoming = Incoming(Platform.console, user, user, line.rstrip("\n"), username=user)
        for reply in conversation.handle(incoming):
            show(reply, out, folder)


def typed(user: str, out: TextIO, history: Path | None = None) -> Iterator[str]:
    """Lines typed at the prompt "<user>> ", with line editing and history when readline
    is there (not on Windows). Ctrl-D ends with a newline, so the shell's prompt that
    follows starts on a line of its own; the history is saved however the loop ends."""
    try:
        import readline
    except ImportError:  # the plain prompt still works
        readline = None  # type: ignore[assignment]  # a module, or None where there is none
    path = history or Path.home() / HISTORY_FILE
    if readline is not None:
        readline.set_history_length(HISTORY_LINES)
        try:
            readline.read_history_file(path)
        except OSError:  # none yet, or unreadable: start afresh
            pass
    try:
        while True:
            try:
                line = input(f"{user}> ")
            except EOFError:
                out.write("\n")
                out.flush()
                return
            if readline is not None and _CODE_LIKE.search(line):
                readline.remove_history_item(readline.get_current_history_length() - 1)
            yield line
    finally:
        if readline is not None:
            try:
                readline.write_history_file(path)  # truncated to HISTORY_LINES
            except OSError:  # a read-only home must not end the chat with an error
                pass


def _piped(source: TextIO) -> Iterator[str]:
    yield from iter(source.readline, "")
