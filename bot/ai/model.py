"""An explanation or a catch-up written by the language model, checked before it is shown.

One call with no tools at all: whatever the model writes can only become text, and
only after `checked` accepts it. The posts go in as data, each fenced between <post>
and </post> with any angle bracket of its own replaced (bot.digest.summary_model), and
only posts whose authors allow it (`Briefed.ai_ok`); what the person asked goes in
fenced too. The system prompt (prompts/briefing.txt) never changes, so providers
cache it.

An answer is refused, and code writes instead (bot.ai.written), when it is empty or
long, shows a fence, repeats a secret or six words of a prompt, cites no post number
or any number that was not given. The call is counted for the person (`plaza usage`,
bot.understanding.calling) and under their hourly limit, with the outage breaker: the
model understanding's own (bot.understanding.llm).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence

from bot.ai.choose import CLIP
from bot.digest.summary_model import fenced
from bot.understanding.llm import ModelUnderstanding
from bot.understanding.prompting import LANGUAGE_NAMES, leaks, repeats
from bot.understanding.tools import read_text
from prompts import load
from storage.briefing import Briefed

log = logging.getLogger(__name__)
ANSWER_TOKENS = 200  # four short sentences with their numbers
LONGEST = 800  # characters
_CITED = re.compile(r"(?:#|n°\s?|no\.\s?|nº\s?)(\d{1,12})\b", re.IGNORECASE)
_FENCES = ("<post", "</post", "<asked", "</asked")
_NEUTRAL = str.maketrans({"<": "‹", ">": "›"})


def _drew(briefed: Briefed) -> str:
    counts = briefed.counts
    return f"{counts.likes} likes, {counts.replies} replies, {counts.reposts} reposts"


def messages(posts: Sequence[Briefed], asked: str, language: str) -> list[dict[str, str]]:
    """The system prompt, then one message: each post fenced (number, author, what it drew,
    the post it answers), then what was asked, fenced. Raises ValueError when a post's
    author keeps it out of AI: the caller must have left it out."""
    if any(not briefed.ai_ok for briefed in posts):
        raise ValueError("a post kept out of AI was about to reach the model")
    system = load("briefing").substitute(language=LANGUAGE_NAMES.get(language, "English"))
    fences = []
    for briefed in posts:
        post = briefed.post
        head = fenced(post.id, post.author, post.text[:CLIP])
        answers = f' answers="{post.reply_to}"' if post.reply_to else ""
        fences.append(head.replace(">", f' drew="{_drew(briefed)}"{answers}>', 1))
    request = f"<asked>\n{asked.translate(_NEUTRAL)}\n</asked>"
    return [{"role": "system", "content": system},
            {"role": "user", "content": "\n".join([*fences, request])}]


def cited(answer: str) -> set[int]:
    """The post numbers `answer` cites ("#12", "n°12")."""
    return {int(number) for number in _CITED.findall(answer)}


def checked(answer: str, given: Iterable[int], secrets: Iterable[str]) -> bool:
    """Whether `answer` may be shown: short, unfenced, no secret or prompt in it, citing
    at least one post and only posts among `given` (their numbers)."""
    if not answer or len(answer) > LONGEST or any(fence in answer for fence in _FENCES):
        return False
    if leaks(answer, secrets) or repeats(answer, load("briefing").template):
        return False
    numbers = cited(answer)
    return bool(numbers) and numbers <= set(given)


def write(model: ModelUnderstanding, handle: str, posts: Sequence[Briefed], asked: str,
          language: str) -> str | None:
    """The model's checked answer to `asked` over the `posts` whose authors allow it, for
    the person `handle`; None when no post may go, the model rests, their hourly calls
    are spent, the call failed or the answer was refused (code writes instead)."""
    allowed = [briefed for briefed in posts if briefed.ai_ok]
    if not allowed or model.breaker.open() or not model.hourly.take(handle):
        return None
    response = model.caller.ask(handle, messages=messages(allowed, asked, language),
                                max_tokens=ANSWER_TOKENS)
    answer = read_text(response).strip()
    if not checked(answer, (b.post.id for b in allowed), model.secrets):
        if response is not None:
            log.info("the model's briefing was not usable; code wrote it instead")
        return None
    return answer
