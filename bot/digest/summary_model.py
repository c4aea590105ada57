"""A digest's two sentences written by the language model, when one is configured.

The call has no tools at all: whatever the model writes, it can only become
text at the top of the digest. Other people's posts go in as data, each fenced
between <post> and </post> with any angle bracket of its own replaced, so no
post can close its fence and speak as Plaza; the prompt (prompts/digest.txt)
says a post's orders are to be summarised, never obeyed. An answer that is
empty, too long, shows a fence or leaks a secret or a prompt is dropped for
the summary written by code (bot.digest.summary), as is any failure of the model.

Posts whose author keeps them out of language models (`person.ai_opt_out`,
`Digest.ai_excluded`) are never in the prompt; when no post is left, code writes it.

The client, its settings, the outage breaker and the per-person token count
are the model understanding's own (bot.understanding.llm, .calling): one
model, one place that talks to it.
"""

from __future__ import annotations

import logging

from bot.digest.compose import Digest, Summarizer
from bot.digest.summary import extractive
from bot.understanding.llm import ModelUnderstanding
from bot.understanding.prompting import LANGUAGE_NAMES, leaks
from bot.understanding.tools import read_text
from prompts import load
from storage.views import PostView

log = logging.getLogger(__name__)
SUMMARY_TOKENS = 160
LONGEST = 600  # characters: two short sentences, with room to spare
_NEUTRAL = str.maketrans({"<": "‹", ">": "›"})


def fenced(number: int, author: str, text: str) -> str:
    return f'<post number="{number}" author="@{author}">\n{text.translate(_NEUTRAL)}\n</post>'


def usable(digest: Digest) -> tuple[list[PostView], list[PostView]]:
    """The digest's posts and mentions a model may read: those of authors who kept
    their posts out of language models (`Digest.ai_excluded`) left out."""
    return ([post for post in digest.posts if post.author not in digest.ai_excluded],
            [post for post in digest.mentions if post.author not in digest.ai_excluded])


def summary_messages(digest: Digest) -> list[dict[str, str]]:
    """The system prompt, then one message holding the posts as data and the counts.
    Posts of authors who opted out of AI are not in it, not even counted."""
    language = LANGUAGE_NAMES.get(digest.language, "English")
    shown, mentions = usable(digest)
    posts = [fenced(n, post.author, post.text) for n, post in enumerate(shown, 1)]
    posts += [fenced(n, post.author, post.text)
              for n, post in enumerate(mentions, len(posts) + 1)]
    facts = (f"Of these, the last {len(mentions)} reply to or mention them. "
             f"New followers: {digest.follower_count}.")
    return [{"role": "system", "content": load("digest").substitute(language=language)},
            {"role": "user", "content": "\n".join([*posts, facts])}]


class ModelSummary:
    """A Summarizer that asks the model, and falls back to code's summary."""

    def __init__(self, model: ModelUnderstanding, fallback: Summarizer = extractive) -> None:
        self.model = model
        self.fallback = fallback

    def __call__(self, digest: Digest) -> str:
        if self.model.breaker.open() or not any(usable(digest)):
            # Nothing a model may read (every author opted out of AI): code writes it.
            return self.fallback(digest)
        response = self.model.caller.ask(digest.handle, messages=summary_messages(digest),
                                         max_tokens=SUMMARY_TOKENS)
        answer = read_text(response).strip()
        if not answer or len(answer) > LONGEST or "<post" in answer or "</post" in answer \
                or leaks(answer, self.model.secrets):
            if response is not None:
                log.info("the model's digest summary was not usable; code wrote it instead")
            return self.fallback(digest)
        return answer


def summarizer(model: ModelUnderstanding | None) -> Summarizer:
    """The model's summaries when a model is configured, else code's.

    Given the understanding's own model, so one breaker and one budget cover both.
    """
    return extractive if model is None else ModelSummary(model)
