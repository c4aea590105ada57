"""Files within a platform's size limit: an export too big for one upload is gzipped,
then cut into numbered parts if it is bigger still."""

from __future__ import annotations

import gzip

from bot.messages import Attachment

# Telegram Bot API, sendDocument: "Bots can currently send files of any type of up to
# 50 MB in size". Discord: 10 MiB per upload without server boosts (since 2024).
TELEGRAM_FILE_MAX = 50 * 1000 * 1000
DISCORD_FILE_MAX = 10 * 1024 * 1024


def fit(attachment: Attachment, limit: int) -> list[Attachment]:
    """`attachment` as files of at most `limit` bytes each, in order: itself when it fits;
    else gzipped ("x.json.gz"); else the gzip cut into "x.json.gz.001", ".002"… which
    `cat x.json.gz.* > x.json.gz` joins again. Nothing is ever dropped.

    Raises ValueError for a `limit` under 1 byte."""
    if limit < 1:
        raise ValueError(f"a file limit must be at least 1 byte, not {limit}")
    if len(attachment.content) <= limit:
        return [attachment]
    # mtime=0: the same export gives the same bytes, so a resent part matches the others
    packed = gzip.compress(attachment.content, mtime=0)
    name = attachment.filename + ".gz"
    if len(packed) <= limit:
        return [Attachment(name, packed)]
    return [Attachment(f"{name}.{n:03d}", packed[start:start + limit])
            for n, start in enumerate(range(0, len(packed), limit), start=1)]
