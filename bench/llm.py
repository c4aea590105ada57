"""What understanding with a language model costs: schema size, prompt tokens per turn,
the fast-path share of a realistic mix, input tokens per catch-up (bot.ai), and money
per active person per day.

    python -m bench.llm [--messages 1000] [--people 50] [--seed 7]

The mix (bench/llm_mix.py) is played through the real Conversation on a fresh
SQLite file with the offline understanding answering; a spy beside it notes,
for each message that reaches the understanding, which way the model
understanding would take (bot/understanding/llm.py): the fast path, a
tool-less persona call, or a tool call, whose exact messages it builds with
the same code. Tokens are counted with the o200k_base tokenizer when the
`bpe-openai` package is installed, else estimated as characters / 4 (the
output says which).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from bench.llm_mix import mix
from bot.ai.choose import choose
from bot.ai.model import messages as briefing_messages
from bot.conversation import Conversation
from bot.messages import Incoming
from bot.understanding import Context, Understanding
from bot.understanding.offline import understand
from bot.understanding.prompting import persona_messages, understanding_messages
from bot.understanding.rules import understand as understand_by_rules
from bot.understanding.smalltalk import courtesy
from bot.understanding.tools import tools
from bot.understanding.usage import PRICES
from storage.briefing import Briefed
from storage.db import make_engine, migrate
from storage.models import Platform
from storage.usage import Tokens
from storage.views import Counts, PostView

MODEL = "gpt-4.1-mini"
PER_MESSAGE = 4  # tokens of framing per chat message (role, separators)
CACHE_MIN, CACHE_STEP = 1024, 128  # OpenAI caches prefixes from 1,024 tokens, by 128


def tokenizer() -> tuple[Callable[[str], int], str]:
    try:
        import bpe_openai
    except ImportError:
        return (lambda text: math.ceil(len(text) / 4)), "estimate: characters / 4"
    encoding = bpe_openai.get_encoding("o200k_base")
    return (lambda text: len(encoding.encode(text))), "o200k_base tokenizer (bpe-openai)"


def _type(schema: dict) -> str:
    if "anyOf" in schema:
        return " | ".join(_type(option) for option in schema["anyOf"])
    if "enum" in schema:
        return " | ".join("null" if v is None else json.dumps(v) for v in schema["enum"])
    kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    item = _type(schema["items"]) if "items" in schema else "any"
    names = {"integer": "number", "array": f"{item}[]"}
    return " | ".join(names.get(kind, kind) for kind in kinds)


def rendered_tools() -> str:
    """The tools as OpenAI's models are known to read them: a TypeScript-like namespace."""
    lines = ["namespace functions {", ""]
    for tool in tools():
        function = tool["function"]
        lines.append(f"// {function['description']}")
        properties = function["parameters"]["properties"]
        if not properties:
            lines += [f"type {function['name']} = () => any;", ""]
            continue
        lines.append(f"type {function['name']} = (_: {{")
        for name, schema in properties.items():
            if "description" in schema:
                lines.append(f"// {schema['description']}")
            lines.append(f"{name}: {_type(schema)},")
        lines += ["}) => any;", ""]
    return "\n".join([*lines, "} // namespace functions"])


FAST = "fast path (offline understanding sure)"


class Spy:
    """An Understander that answers offline and notes which way the model one would go."""

    def __init__(self) -> None:
        self.paths: Counter[str] = Counter()
        self.tool_turns: list[tuple[list[dict], str]] = []  # messages sent, expected arguments
        self.persona_turns: list[list[dict]] = []
        self.rules_sure = 0  # side by side: what the rules alone were sure of (before #15)

    def __call__(self, text: str, context: Context) -> Understanding:
        found = understand(text, context)
        self.rules_sure += understand_by_rules(text).sure
        if found.sure:
            self.paths[FAST] += 1
        elif courtesy(text):
            self.paths["persona call, no tools"] += 1
            self.persona_turns.append(persona_messages(text, context))
        else:
            self.paths["tool call"] += 1
            args = json.dumps({"name": found.action.name, "arguments": found.action.args()})
            self.tool_turns.append((understanding_messages(text, context), args))
        return found


def play(count: int, people: int, seed: int) -> tuple[Spy, int]:
    """Run the mix through a real conversation; returns the spy and the number of messages."""
    names = [f"person{i:02d}" for i in range(people)]
    spy = Spy()
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'plaza.db'}")
        migrate(engine)
        conversation = Conversation(engine, understand=spy)
        for person, _, message in mix(count, names, seed):
            conversation.handle(Incoming(Platform.console, person, person, message,
                                         username=person))
        engine.dispose()
    return spy, count


BRIEFINGS_A_DAY = 2  # assumed per active person: one catch-up and one explanation
BRIEFING_ANSWER = 120  # output tokens assumed per briefing (the cap is bot.ai.model's 200)


def briefing_prompts(count: Callable[[str], int], trials: int, seed: int) -> list[int]:
    """Input tokens of `trials` catch-ups (bot.ai): each over 0 to 200 candidate posts of
    realistic lengths (mostly short, a few up to 1,000 characters), chosen under the cap
    and fenced exactly as Plaza sends them."""
    rng = random.Random(seed)
    words = "rust jazz climbing the a new is out today we they and release concert".split()
    sizes: list[int] = []
    for trial in range(trials):
        posts = []
        for number in range(rng.randint(1, 200)):
            length = min(1000, int(rng.lognormvariate(4.5, 0.8)))
            text = " ".join(rng.choice(words) for _ in range(max(1, length // 6)))
            posts.append(Briefed(PostView(trial * 1000 + number, f"person{number % 50:02d}", "",
                                          text, datetime(2026, 12, 1, tzinfo=UTC)),
                                 Counts(rng.randint(0, 30), rng.randint(0, 5),
                                        rng.randint(0, 10)),
                                 rng.random() < 0.5, rng.random() < 0.9))
        chosen = [b for b in choose(posts) if b.ai_ok]
        messages = briefing_messages(chosen, "Catch me up on what was said in the last day "
                                     "about #rust.", "en")
        sizes.append(sum(count(m["content"]) + PER_MESSAGE for m in messages))
    return sizes


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    count, how = tokenizer()
    print(f"Tokens: {how}.")

    rendered, as_json = rendered_tools(), json.dumps(list(tools()))
    system = understanding_messages("x", Context("person00"))[0]["content"]
    schema, raw, prompt = count(rendered), count(as_json), count(system)
    print(f"Tool schema ({len(tools())} tools): {schema} tokens as OpenAI models read it, "
          f"{raw} as raw JSON (what a local server's chat template may paste).")
    print(f"System prompt: {prompt} tokens. Schema + system prompt: {schema + prompt} "
          f"(target < 1,500: {'met' if schema + prompt < 1500 else 'MISSED'}); "
          f"with the raw JSON schema: {raw + prompt}.")

    spy, total = play(args.messages, args.people, args.seed)
    understood = sum(spy.paths.values())
    spy.paths["answered before understanding (first contact, yes/no, more)"] = total - understood
    no_model = total - spy.paths["tool call"] - spy.paths["persona call, no tools"]
    print(f"\nMix: {total} messages from {args.people} people, English and French "
          f"(bench/llm_mix.py, seed {args.seed}).")
    for path, n in spy.paths.most_common():
        print(f"  {path:<62} {n:>5}  {n / total:6.1%}")
    print(f"Fast path (no model call): {no_model / total:.1%} (target >= 80 %: "
          f"{'met' if no_model / total >= 0.8 else 'MISSED'}); with the rules alone, same "
          f"messages: {(no_model - spy.paths[FAST] + spy.rules_sure) / total:.1%}.")

    framing = lambda messages: sum(count(m["content"]) + PER_MESSAGE for m in messages)  # noqa: E731
    tool_prompts = [schema + framing(messages) for messages, _ in spy.tool_turns]
    persona_prompts = [framing(messages) for messages in spy.persona_turns]
    if tool_prompts:
        print(f"Prompt tokens per tool-call turn: p50 {statistics.median(tool_prompts):.0f}, "
              f"max {max(tool_prompts)} (over {len(tool_prompts)} turns).")
    if persona_prompts:
        print(f"Prompt tokens per persona turn: p50 {statistics.median(persona_prompts):.0f}, "
              f"max {max(persona_prompts)}.")

    stable = schema + count(system.rsplit("\n\n", 1)[0])
    cached = stable // CACHE_STEP * CACHE_STEP if stable >= CACHE_MIN else 0
    price = PRICES[MODEL]
    completions = [count(expected) for _, expected in spy.tool_turns] + [30] * len(persona_prompts)
    prompts = tool_prompts + persona_prompts
    used = Tokens(len(prompts), sum(prompts), cached * len(tool_prompts), sum(completions))
    cost, uncached = price.cost(used), price.cost(replace(used, cached=0))
    per_person = total / args.people
    print(f"\nCost at {MODEL} list prices ({price}):")
    caching = (f"{cached} of them billed at the cached price" if cached else
               f"under the {CACHE_MIN:,}-token caching minimum, so no discount assumed")
    print(f"  stable prefix {stable} tokens, {caching}; completion: the tool call's JSON, "
          "30 tokens per persona answer")
    print(f"  per active person per day ({per_person:.0f} messages): "
          f"${cost / args.people:.5f} (${uncached / args.people:.5f} with no caching at all), "
          f"${cost / args.people * 1000:.2f} a day per thousand active people.")

    briefings = briefing_prompts(count, 200, args.seed)
    print(f"\nInput tokens per catch-up (bot.ai, 200 draws of 1 to 200 candidate posts): "
          f"p50 {statistics.median(briefings):.0f}, max {max(briefings)}.")
    daily = price.cost(Tokens(BRIEFINGS_A_DAY, int(statistics.median(briefings))
                              * BRIEFINGS_A_DAY, 0, BRIEFING_ANSWER * BRIEFINGS_A_DAY))
    total_day = cost / args.people + daily
    print(f"  with {BRIEFINGS_A_DAY} a day (a catch-up, an explanation; {BRIEFING_ANSWER} output "
          f"tokens each): ${daily:.5f} more; ${total_day:.5f} per active person per day in all "
          f"(target < $0.003: {'met' if total_day < 0.003 else 'MISSED'}).")


if __name__ == "__main__":
    main()
