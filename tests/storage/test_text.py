import pytest

from storage.errors import InvalidInput, Reason
from storage.text import (
    clean_field,
    clean_interests,
    clean_post_text,
    fold,
    hashtags,
    mentioned_handles,
    new_handle,
    normalize_handle,
    search_words,
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


# Text that shows nothing: spaces of several scripts, zero-width and format characters,
# fillers, the braille blank, alone and mixed.
BLANK = ["   ", "\u202e\x00", "\u200b", "\u200b\u200c\u200d\u2060", "\ufeff", "\u00ad",
         "\u3164", "\u115f\u1160", "\uffa0", "\u180e", "\ufe0f", "\u2800\u2800",
         "\u00a0\u3000\u2003", " \u200b \n \u2060 "]


@pytest.mark.parametrize("raw", BLANK)
def test_posts_that_show_nothing_are_refused_as_empty(raw: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        clean_post_text(raw)
    assert refused.value.reason == "empty"


@pytest.mark.parametrize("raw", ["\u200b👍", "a\u200b", "\u3164ㅎ", "⠁", "\u2800x"])
def test_anything_visible_beside_them_is_a_post(raw: str) -> None:
    assert clean_post_text(raw) == raw


@pytest.mark.parametrize("raw", BLANK)
def test_a_profile_field_that_shows_nothing_is_empty(raw: str) -> None:
    assert clean_field(raw, "display_name", 50) == ""


def test_long_posts_are_refused_not_cut() -> None:
    assert len(clean_post_text("x" * 1000)) == 1000
    with pytest.raises(InvalidInput) as refused:
        clean_post_text("x" * 1001)
    assert refused.value.detail == {"field": "text", "limit": 1000, "length": 1001}


def test_hashtags_and_mentions_are_parsed() -> None:
    text = "Ride #Vélo with @Alice and @bob.; again #velo #Rust email me@example.com x#no"
    assert hashtags(text) == ["velo", "rust"]
    assert mentioned_handles(text) == ["alice", "bob"]


def test_fold_strips_diacritics_and_case() -> None:
    assert fold("Crème BRÛLÉE à Noël") == "creme brulee a noel"


def test_interests_are_deduplicated_in_order() -> None:
    assert clean_interests(["Jazz", " rust ", "#jazz", ""]) == ["jazz", "rust"]
    with pytest.raises(InvalidInput):
        clean_interests([f"t{i}" for i in range(21)])


@pytest.mark.parametrize(
    "text",
    [
        "see https://example.com/@alice",
        "https://x.example/?ref=@alice",
        "example.com/@alice is my page",
        "www.example.org/@alice",
        "ftp://files.example.net/@alice/",
        "mailto:alice@example.com",
        "write to bob@alice.com",
        "follow @alice@mastodon.social",
        "x.example/@alice",  # a TLD no link finder knows
        "localhost:8000/?u=@alice&v=1",
    ],
)
def test_nothing_inside_a_link_or_an_address_is_a_mention(text: str) -> None:
    assert mentioned_handles(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "https://example.com/#install",
        "read example.com/docs#install",
        "www.example.com/#install",
        "https://example.com/?q=#install",
        "x.example/#install",
    ],
)
def test_nothing_inside_a_link_is_a_hashtag(text: str) -> None:
    assert hashtags(text) == []


def test_a_link_hides_only_what_is_inside_it() -> None:
    text = "(@alice) see https://example.com/@dan#faq, @bob: #install.\n#rust! [@carol]"
    assert mentioned_handles(text) == ["alice", "bob", "carol"]
    assert hashtags(text) == ["install", "rust"]


def test_a_handle_too_long_to_exist_names_nobody() -> None:
    assert mentioned_handles("@" + "a" * 31) == []
    assert mentioned_handles("@" + "a" * 30) == ["a" * 30]


@pytest.mark.parametrize("text", ["#12", "see #2024!", "#١٢", "#۱۲", "#_"])
def test_a_number_alone_is_a_post_number_not_a_hashtag(text: str) -> None:
    assert hashtags(text) == []
    assert hashtags(f"{text} #12a #web3 #1er") == ["12a", "web3", "1er"]


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("#हिन्दी दिवस", "हिन्दी"),  # Devanagari: vowel signs and a virama
        ("#தமிழ் நாள்", "தமிழ்"),  # Tamil: pulli (virama) at the end
        ("#বাংলা!", "বাংলা"),  # Bengali
        ("#ภาษาไทย.", "ภาษาไทย"),  # Thai: vowel sign above
        ("#ที่นี่ ok", "ที่นี่"),  # Thai: tone marks
        ("#مَدْرَسَة", "مدرسة"),  # Arabic: harakat are optional, so folded away
        ("#می‌خواهم", "میخواهم"),  # Persian: ZWNJ inside the word
        ("#한국어", "한국어"),  # Hangul stays in syllables
        ("＃タグ", "タグ"),  # full-width number sign; kana
        ("#がっこう", "がっこう"),  # a voicing mark is spelling, not an accent
        ("#party🎉", "party"),  # emoji end a tag
        ("#Straße", "strasse"),
    ],
)
def test_hashtags_keep_every_mark_and_joiner_of_their_word(text: str, tag: str) -> None:
    assert hashtags(text) == [tag]


def test_tags_that_share_a_first_letter_stay_apart() -> None:
    assert hashtags("#हिन्दी #हाथी #हिन्दू") == ["हिन्दी", "हाथी", "हिन्दू"]


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Straße", "STRASSE"),
        ("İstanbul", "istanbul"),  # Turkish dotted capital I
        ("ﬁnal ﬂow", "final flow"),  # ligatures
        ("ΚΌΣΜΟΣ", "κόσμος"),  # Greek final sigma and tonos
        ("Ｃａｆé", "cafe"),  # full-width letters, accent
        ("Việt Nam", "viet nam"),  # two stacked diacritics
        ("مَدْرَسَة", "مدرسة"),
        ("می‌خواهم", "میخواهم"),
    ],
)
def test_fold_makes_spellings_of_one_word_equal(one: str, other: str) -> None:
    assert fold(one) == fold(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [("हिन्दी", "हिनदी"), ("が", "か"), ("ılık", "ilik"), ("ज़", "ज")],
)
def test_fold_keeps_marks_that_spell_a_different_word(one: str, other: str) -> None:
    assert fold(one) != fold(other)
    assert fold(one) == one


def test_fold_is_idempotent_on_every_character() -> None:
    for code in range(0x30000):
        if 0xD800 <= code < 0xE000:
            continue
        once = fold(chr(code))
        assert fold(once) == once, hex(code)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Donaudampfschiffahrtsgesellschaftsstraße", 41),  # 40 typed, ß -> ss
        ("ﬃ" * 14, 42),  # ligatures spelled out
        ("ﷺ ﷺ ﷺ", 56),  # one Arabic ligature is a whole phrase
    ],
)
def test_an_interest_too_long_once_folded_is_refused(typed: str, stored: int) -> None:
    assert len(typed) <= 40
    with pytest.raises(InvalidInput) as refused:
        clean_interests([typed])
    assert refused.value.detail == {"field": "interests", "limit": 40, "length": stored,
                                    "value": typed}


def test_an_interest_at_the_limit_once_folded_is_kept() -> None:
    assert clean_interests(["Donaudampfschiffahrtsgesellschaftsstrase"]) == [
        "donaudampfschiffahrtsgesellschaftsstrase"
    ]
    assert clean_interests(["مَدْرَسَة" * 5]) == ["مدرسة" * 5]  # 45 typed, 25 stored


@pytest.mark.parametrize(
    ("tag", "length"), [("ß" * 26, 52), ("ﬄ" * 17, 51), ("Straße" * 8 + "ab", 58)]
)
def test_a_hashtag_too_long_once_folded_is_refused(tag: str, length: int) -> None:
    with pytest.raises(InvalidInput) as refused:
        hashtags(f"so #{tag} today")
    assert refused.value.reason == "too_long"
    assert refused.value.detail == {"field": "hashtag", "limit": 50, "length": length,
                                    "value": tag}


def test_a_hashtag_too_long_as_typed_is_refused_not_cut() -> None:
    assert hashtags("#" + "a" * 50) == ["a" * 50]
    with pytest.raises(InvalidInput) as refused:
        hashtags("#" + "a" * 51)
    assert refused.value.detail == {"field": "hashtag", "limit": 50, "length": 51}


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("my CV is at résumé.pdf and site example.com, mail me at bob@example.org",
         ["my", "cv", "is", "at", "resume", "pdf", "and", "site", "example", "com", "mail",
          "me", "at", "bob", "example", "org"]),
        ("@jazz.fan on www.example.com/a_b/c-d.html", ["jazz", "fan", "on", "www", "example",
                                                      "com", "a", "b", "c", "d", "html"]),
        ("v2 of Python 3.14: hello.world great.Thanks", ["v2", "of", "python", "3", "14",
                                                          "hello", "world", "great", "thanks"]),
        ("/usr/local/bin ~/Ｆｉｌｅ.txt 10:30", ["usr", "local", "bin", "file", "txt", "10", "30"]),
        ("हिन्दी-दिवस می‌خواهم l'été", ["हिन्दी", "दिवस", "میخواهم", "l", "ete"]),
    ],
)
def test_search_words_are_split_wherever_the_full_text_tokenizer_splits(
    text: str, words: list[str]
) -> None:
    assert search_words(text) == words


@pytest.mark.parametrize(
    "text",
    ["hi @alicé", "@bobé", "@alice\u0301", "@bobж", "@bob.é", "@bob.smithé", "@bob\u00adby",
     "@ALİCE", "@ali\u0307ce", "@\u212aate", "@\u017fam"],  # Kelvin sign, long s
)
def test_a_handle_whose_word_goes_on_with_other_characters_names_nobody(text: str) -> None:
    assert mentioned_handles(text) == []
    assert mentioned_handles(f"{text} and @carol") == ["carol"]


@pytest.mark.parametrize("text", ["mailto:@alice", "MAILTO:@alice", "https:@alice",
                                  "see mailto:@alice?subject=hi", "(mailto:@alice)"])
def test_nothing_after_a_link_scheme_is_a_mention(text: str) -> None:
    assert mentioned_handles(text) == []
    assert mentioned_handles(f"{text} @bob") == ["bob"]


def test_nothing_after_a_link_scheme_is_a_hashtag() -> None:
    assert hashtags("mailto:#team https:#top ftp:#x and #rust") == ["rust"]


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("#a\u00adb", "ab"),  # soft hyphen
        ("#Straße\u00adnbahn", "strassenbahn"),
        ("#co\u200bop now", "coop"),  # zero-width space
        ("#word\u2060joiner", "wordjoiner"),  # word joiner
        ("#hi\u00ad", "hi"),
    ],
)
def test_an_invisible_format_character_inside_a_tag_is_skipped(text: str, tag: str) -> None:
    assert hashtags(text) == [tag]


@pytest.mark.parametrize("handle", ["...", "abc.", ".abc", "___", "_bob", "a..b", "x.."])
def test_a_new_handle_must_be_one_a_mention_reads_whole(handle: str) -> None:
    assert normalize_handle(handle) == handle  # a stored one is still found
    with pytest.raises(InvalidInput) as refused:
        new_handle(handle)
    assert refused.value.reason == "bad_shape"
    assert refused.value.detail == {"field": "handle"}


@pytest.mark.parametrize("handle", ["bob", "bob.smith", "bob_", "b_.o_", "9lives", "a.b.c"])
def test_a_new_handle_of_the_right_shape_is_mentioned_whole(handle: str) -> None:
    assert new_handle(handle.upper()) == handle
    for text in (f"@{handle}", f"@{handle.upper()}.", f"(@{handle}...)", f"@{handle}, hi"):
        assert mentioned_handles(text) == [handle], text


@pytest.mark.parametrize("word", ["undo", "EDIT", "@help", "annuler", "oui", "ｕｎｄｏ"])
def test_a_command_word_is_no_new_handle(word: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        new_handle(word)
    assert refused.value.reason == Reason.reserved
    assert refused.value.detail["handle"] == word.lstrip("@").lower().replace("ｕｎｄｏ", "undo")


def test_a_handle_holding_a_command_word_is_fine() -> None:
    assert new_handle("undo_king") == "undo_king"
    assert new_handle("helpful") == "helpful"
