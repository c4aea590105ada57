"""Score the offline understanding on blind sets.

    python -m bot.understanding.intents.score FILE... [--misses]

A blind set (tests/understanding/blind/*.tsv) is written by someone who never saw the
rules, the templates or the training phrasings, then frozen once scored. One line:

    language <TAB> previous <TAB> message <TAB> expected

`previous` is empty or {"said": the person's previous message, "plaza": Plaza's answer};
`expected` a JSON list of [action, args] pairs ([["chat", {}]] for small talk).

Counted per message:
- right: the reading (every action and its arguments) is the expected one, whether
  Plaza acts on it or asks "Did you mean ...?" first;
- wrong act: Plaza would act, without asking, on a reading that is not the expected
  one (another action, other arguments, or an action where small talk was meant);
- the rest are questions or "closest" answers where an action was meant.
Free text (a post, a query, a topic) compares folded: case, accents, outer punctuation
and spacing aside.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.actions import Action, build
from bot.understanding import Context, Understanding
from bot.understanding.offline import understand
from storage.text import fold

_TEXT_FIELDS = ("text", "query", "topic", "name", "bio")


@dataclass(frozen=True, slots=True)
class Line:
    """One message of a blind set and what it means."""

    language: str
    previous: dict[str, str]
    text: str
    expected: tuple[tuple[str, dict[str, Any]], ...]


@dataclass
class Report:
    """What a set scored: counts, and the misses as (message, expected, got) strings."""

    path: str
    total: int = 0
    right: int = 0
    wrong_acts: int = 0
    by_language: dict[str, list[int]] = field(default_factory=dict)  # language -> [right, total]
    misses: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 0.0

    @property
    def wrong_rate(self) -> float:
        return self.wrong_acts / self.total if self.total else 0.0

    def summary(self) -> str:
        languages = ", ".join(f"{lang} {r / t:.1%} of {t}"
                              for lang, (r, t) in sorted(self.by_language.items()))
        return (f"{Path(self.path).name}: {self.accuracy:.1%} right of {self.total} ({languages}); "
                f"wrong acts {self.wrong_acts} ({self.wrong_rate:.1%})"
                + (f"; {len(self.invalid)} invalid lines" if self.invalid else ""))


def load(path: Path) -> tuple[list[Line], list[str]]:
    """The lines of a blind set, and the lines that could not be read (with why)."""
    lines, invalid = [], []
    for number, raw in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        try:
            language, previous, text, expected = raw.split("\t")
            pairs = tuple((str(name), dict(args)) for name, args in json.loads(expected))
            lines.append(Line(language, json.loads(previous) if previous.strip() else {},
                              text, pairs))
        except (ValueError, TypeError) as error:
            invalid.append(f"line {number}: {error}")
    return lines, invalid


def _folded(value: Any) -> Any:
    if isinstance(value, str):
        return re.sub(r"\s+", " ", fold(value)).strip(" .,!?;:\"'«»“”")
    if isinstance(value, list):
        return [_folded(v) for v in value]
    return value


def _comparable(action: Action) -> tuple[str, dict[str, Any]]:
    args = action.args()
    return action.name, {k: (_folded(v) if k in _TEXT_FIELDS or k == "interests" else v)
                         for k, v in args.items()}


def reading(line: Line) -> Understanding:
    """What the offline understanding makes of `line`, its previous exchange given."""
    turns: tuple[tuple[str, str], ...] = ()
    if said := line.previous.get("said"):
        turns += (("me", said),)
    if plaza := line.previous.get("plaza"):
        turns += (("plaza", plaza),)
    return understand(line.text, Context("me", line.language, "UTC", turns))


def _resolved(action: Action, line: Line) -> Action:
    """`action` with "it" as the conversation resolves it: the person or post the last
    exchange named last (bot.conversation.execute.resolve_references reads the chat's
    memory of it; a blind line gives that exchange as text)."""
    said = " ".join(line.previous.get(k, "") for k in ("said", "plaza")).lower()
    for key, pattern in (("handle", r"@([a-z0-9_]{2,30})"), ("author", r"@([a-z0-9_]{2,30})"),
                         ("post", r"(?:#|n°\s?)(\d+)")):
        if getattr(action, key, None) == "it" and (named := re.findall(pattern, said)):
            value: Any = named[-1] if key != "post" else int(named[-1])
            return action.model_copy(update={key: value})
    return action


def acts(found: Understanding) -> bool:
    """Whether Plaza would carry `found` out without asking first."""
    action = found.action
    if action.name == "chat" or found.ask:
        return False
    return found.explicit or not (action.consequential or action.always_confirm)


def score(path: Path) -> Report:
    """Score the set at `path` (see the module docstring)."""
    lines, invalid = load(path)
    report = Report(str(path), invalid=invalid)
    for line in lines:
        try:
            expected = [_comparable(build(name, args)) for name, args in line.expected]
        except (ValidationError, KeyError) as error:
            report.invalid.append(f"{line.text!r}: {error.__class__.__name__}")
            continue
        found = reading(line)
        got = [_comparable(_resolved(a, line)) for a in (found.action, *found.more)]
        right = got == expected
        counts = report.by_language.setdefault(line.language, [0, 0])
        report.total += 1
        counts[1] += 1
        if right:
            report.right += 1
            counts[0] += 1
            continue
        wrong_act = acts(found)
        report.wrong_acts += wrong_act
        how = "ACTED" if wrong_act else "asked" if found.ask else "chat"
        report.misses.append(f"[{how}] {line.text!r}: expected {expected}, got {got}")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score the offline understanding on blind sets.")
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--misses", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    for path in args.files:
        report = score(path)
        print(report.summary())
        for line in (report.misses if args.misses else []) + report.invalid:
            print("   ", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
