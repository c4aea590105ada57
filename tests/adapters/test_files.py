"""Files within a platform's size limit (bot.adapters.files.fit)."""

from __future__ import annotations

import gzip
import os

import pytest

from bot.adapters.discord.format import parts
from bot.adapters.files import DISCORD_FILE_MAX, fit
from bot.messages import Attachment, Reply


def test_a_file_that_fits_goes_as_it_is() -> None:
    small = Attachment("plaza-alice.json", b'{"posts": []}')
    assert fit(small, 100) == [small]


def test_a_file_too_big_goes_gzipped_when_that_fits() -> None:
    document = Attachment("plaza-alice.json", b'{"text": "hello"}, ' * 5_000)
    [packed] = fit(document, 10_000)
    assert packed.filename == "plaza-alice.json.gz" and len(packed.content) <= 10_000
    assert gzip.decompress(packed.content) == document.content


@pytest.mark.parametrize("limit", [1_000, 4_096, 77_777])
def test_bigger_still_it_goes_in_numbered_parts_that_join_back(limit: int) -> None:
    noise = Attachment("plaza-bob.json", os.urandom(200_000))  # random bytes: gzip can't help
    pieces = fit(noise, limit)
    assert len(pieces) > 1 and all(len(p.content) <= limit for p in pieces)
    assert [p.filename for p in pieces][:2] == ["plaza-bob.json.gz.001", "plaza-bob.json.gz.002"]
    assert gzip.decompress(b"".join(p.content for p in pieces)) == noise.content
    assert fit(noise, limit) == pieces  # the same bytes every time: a resent part matches


def test_a_limit_under_one_byte_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1 byte"):
        fit(Attachment("x.json", b"{}"), 0)


def test_discord_sends_an_export_over_its_upload_limit_in_parts_buttons_last() -> None:
    big = Attachment("plaza-alice.json", os.urandom(DISCORD_FILE_MAX + 1_000))
    laid = parts(Reply("Here is everything you gave Plaza, as JSON.", attachment=big))
    files = [part.attachment for part in laid if part.attachment is not None]
    assert [f.filename for f in files] == ["plaza-alice.json.gz.001", "plaza-alice.json.gz.002"]
    assert all(len(f.content) <= DISCORD_FILE_MAX for f in files)
