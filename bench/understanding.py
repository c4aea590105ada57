"""What the offline understanding costs: time per message, start-up and memory.

    python -m bench.understanding [--messages 3000]

Messages: every template expansion of a fresh seed (not the training draws), plus
long and odd ones. Per message: the whole offline understanding (rules, classifier,
slots), uncached, p50/p99 in ms. Start-up: a fresh interpreter importing it and
reading its first message, median of 5. Memory: that process's peak RSS (VmHWM,
Linux) minus a bare interpreter's, and minus one running the rules alone, in MB.
Targets (issue 15): p99 < 5 ms, start-up < 1 s, memory < 50 MB.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time

from bot.understanding.intents.generate import phrasings
from bot.understanding.offline import _remembered

_PROBE = """
import sys, time
started = time.perf_counter()
if sys.argv[1] == "plaza":
    from bot.understanding.offline import understand
    understand("folow my friend sarah pls")
elif sys.argv[1] == "rules":
    from bot.understanding.rules import understand as rules
    rules("folow my friend sarah pls")
peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(time.perf_counter() - started, peak.split()[1])
"""


def _process(kind: str) -> tuple[float, float]:
    done = subprocess.run([sys.executable, "-c", _PROBE, kind], capture_output=True,
                          text=True, check=True)
    seconds, kilobytes = done.stdout.split()
    return float(seconds), float(kilobytes) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=3000)
    args = parser.parse_args()
    rng = random.Random(11)
    texts = [text for text, _ in phrasings(seed=12345, draws=2)]
    texts = rng.sample(texts, min(args.messages, len(texts)))
    texts += ["blah " * 200, "post: " + "word " * 190, "🙂" * 50, "#12 @a_b 8h " * 10]
    _remembered("warm up", (), "en")
    timings = []
    for text in texts:
        _remembered.cache_clear()
        started = time.perf_counter()
        _remembered(text, (), "en")
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p99 = timings[int(len(timings) * 0.99)]
    print(f"{len(texts)} messages: p50 {statistics.median(timings):.2f} ms, "
          f"p99 {p99:.2f} ms, max {timings[-1]:.2f} ms (target p99 < 5 ms: "
          f"{'met' if p99 < 5 else 'MISSED'})")
    runs = [(_process("bare"), _process("rules"), _process("plaza")) for _ in range(5)]
    startup = statistics.median(p[0] for _, _, p in runs)
    whole = statistics.median(p[1] - b[1] for b, _, p in runs)
    own = statistics.median(p[1] - r[1] for _, r, p in runs)
    print(f"start-up (import + first message): {startup:.2f} s (target < 1 s: "
          f"{'met' if startup < 1 else 'MISSED'}); memory over a bare interpreter: "
          f"{whole:.1f} MB, of which the classifier and slots (over the rules alone, which "
          f"load pydantic and the vocabulary): {own:.1f} MB (target < 50 MB: "
          f"{'met' if own < 50 else 'MISSED'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
