import pytest

from storage.errors import InvalidInput
from storage.text import (
    clean_interests,
    clean_post_text,
    fold,
    hashtags,
    mentions,
    normalize_handle,
)


@pytest.mark.parametrize(
    ("raw", "handle"),
    [("Alice", "alice"), ("@bob_99", "bob_99"), ("ｊｕｌｉｅｎ", "julien"), (" dot.ty ", "dot.ty")],
)
def test_handles_are_normalised(raw: str, handle: str) -> None:
    assert normalize_handle(raw) == handle


@pytest.mark.parametrize(
    ("raw", "reason", "detail"),
    [
        ("ab", "too_short", {"field": "handle", "limit": 3}),
        ("a" * 31, "too_long", {"field": "handle", "limit": 30}),
        ("аlice", "bad_characters", {"field": "handle", "character": "а"}),  # Cyrillic а
        ("zoé", "bad_characters", {"field": "handle", "character": "é"}),
        ("bob smith", "bad_characters", {"field": "handle", "character": " "}),
        ("bob-smith", "bad_characters", {"field": "handle", "character": "-"}),
    ],
)
def test_bad_handles_are_refused_with_a_reason(raw: str, reason: str, detail: dict) -> None:
    with pytest.raises(InvalidInput) as refused:
        normalize_handle(raw)
    assert refused.value.reason == reason
    assert refused.value.detail == detail


def test_post_text_is_trimmed_and_stripped_of_controls_and_bidi_overrides() -> None:
    raw = "  \u202eevil\u202c text\x07 with\ttab\nand newline \u2066x\u2069  "
    assert clean_post_text(raw) == "evil text with tab\nand newline x"


def test_emoji_sequences_survive() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # ZWJ sequence
    flag = "\U0001f1eb\U0001f1f7"
    heart = "\u2764\ufe0f"
    skin = "\U0001f44d\U0001f3fd"
    text = f"{family} {flag} {heart} {skin}"
    assert clean_post_text(text) == text


@pytest.mark.parametrize(("raw", "reason"), [("   ", "empty"), ("\u202e\x00", "empty")])
def test_empty_posts_are_refused(raw: str, reason: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        clean_post_text(raw)
    assert refused.value.reason == reason


def test_long_posts_are_refused_not_cut() -> None:
    assert len(clean_post_text("x" * 1000)) == 1000
    with pytest.raises(InvalidInput) as refused:
        clean_post_text("x" * 1001)
    assert refused.value.detail == {"field": "text", "limit": 1000, "length": 1001}


def test_hashtags_and_mentions_are_parsed() -> None:
    text = "Ride #Vélo with @Alice and @bob.; again #velo #Rust email me@example.com x#no"
    assert hashtags(text) == ["velo", "rust"]
    assert mentions(text) == ["alice", "bob"]


def test_fold_strips_diacritics_and_case() -> None:
    assert fold("Crème BRÛLÉE à Noël") == "creme brulee a noel"


def test_interests_are_deduplicated_in_order() -> None:
    assert clean_interests(["Jazz", " rust ", "#jazz", ""]) == ["jazz", "rust"]
    with pytest.raises(InvalidInput):
        clean_interests([f"t{i}" for i in range(21)])
