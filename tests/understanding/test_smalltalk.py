"""Whole-message small talk the conversation reads before any understanding: a language
asked for."""

from __future__ import annotations

import pytest

from bot.understanding.smalltalk import asked_language, yes_or_no


@pytest.mark.parametrize(("text", "language"), [
    ("speak french", "fr"), ("in english please", "en"), ("english", "en"),
    ("ok speak english again pls", "en"), ("OK, speak English again, please!", "en"),
    ("hey plaza can you please reply in english", "en"),
    ("alright, switch to french now, thanks", "fr"),
    ("parle-moi en anglais stp", "en"), ("bon, parle français", "fr"),
    ("alors parle anglais maintenant merci", "en"), ("d'accord, reponds en francais", "fr"),
    ("et en français encore s'il te plaît", "fr"),
])
def test_a_language_asked_for_however_it_is_said(text: str, language: str) -> None:
    assert asked_language(text) == language


@pytest.mark.parametrize("text", [
    "speak english to bob", "ok", "hey speak", "and speak spanish", "i speak french",
    "post: speak french", "my french is bad", "j'aime l'anglais", "ok english muffins",
])
def test_words_about_a_language_are_not_a_request(text: str) -> None:
    assert asked_language(text) is None


@pytest.mark.parametrize(("text", "answer"), [
    ("yes pls", True), ("yes plz", True), ("yeah do it", True), ("yea", True),
    ("oui merci", True), ("ok thanks", True), ("no thanks", False), ("non merci", False),
    ("yes but later", None), ("please", None),
])
def test_a_yes_or_a_no_with_courtesy_around_it(text: str, answer: bool | None) -> None:
    assert yes_or_no(text) is answer
