"""What the language model cost: list prices and the `plaza usage` report.

Prices are USD per million tokens (input, cached input, output), as the
providers list them; they change, so PLAZA_MODEL_PRICE overrides them and a
model that is not listed (a local one, say) is reported without a cost rather
than with a made-up one.
"""

from __future__ import annotations

import math
from dataclasses import astuple, dataclass
from datetime import date

from storage.usage import Tokens


@dataclass(frozen=True, slots=True)
class Price:
    """USD per million tokens."""

    input: float
    cached: float
    output: float

    def cost(self, used: Tokens) -> float:
        fresh = max(used.prompt - used.cached, 0)
        return (fresh * self.input + used.cached * self.cached
                + used.completion * self.output) / 1_000_000

    def __str__(self) -> str:
        return (f"${self.input:.3g} input, ${self.cached:.3g} cached input, "
                f"${self.output:.3g} output per million tokens")


# List prices as published by OpenAI for these models (standard tier).
PRICES: dict[str, Price] = {
    "gpt-4.1-mini": Price(0.40, 0.10, 1.60),
    "gpt-4.1-nano": Price(0.10, 0.025, 0.40),
    "gpt-4o-mini": Price(0.15, 0.075, 0.60),
    "gpt-5-mini": Price(0.25, 0.025, 2.00),
    "gpt-5-nano": Price(0.05, 0.005, 0.40),
}


def parse_price(text: str) -> Price:
    """ "0.4,0.1,1.6" -> Price; raises ValueError with the expected form otherwise: three
    finite numbers, none negative (a price of nan or -1 would report a made-up cost)."""
    parts = [part.strip() for part in text.split(",")]
    try:
        numbers = [float(part) for part in parts]
    except ValueError:
        numbers = []
    if len(numbers) != 3 or not all(math.isfinite(n) and n >= 0 for n in numbers):
        raise ValueError('"input,cached,output": three prices of zero or more, in USD per '
                         'million tokens, such as "0.4,0.1,1.6"')
    return Price(*numbers)


def price_of(model: str, override: str | None = None) -> Price | None:
    if override:
        return parse_price(override)
    return PRICES.get(model) or PRICES.get(model.rsplit("/", 1)[-1])


def _dollars(amount: float) -> str:
    """Six decimals: a day of a small network costs fractions of a cent."""
    return f"${amount:,.6f}"


def _row(cells: list[str]) -> str:
    widths = (10, 20, 6, 7, 11, 11, 11, 12)
    return "  ".join(c.ljust(w) if i < 2 else c.rjust(w)
                     for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()


def _counts(used: Tokens) -> list[str]:
    return [f"{n:,}" for n in astuple(used)]


def report(rows: list[tuple[date, str, int, Tokens]], override: str | None = None) -> str:
    """The usage table: one line per day and model, a total, and the prices used."""
    if not rows:
        return "No language-model use recorded yet."
    lines = [_row(["day (UTC)", "model", "people", "calls", "prompt", "cached", "completion",
                   "est. cost"])]
    total, sum_cost, unpriced, used_prices = Tokens(), 0.0, set(), {}
    for day, model, people, used in rows:
        price = price_of(model, override)
        if price is None:
            unpriced.add(model)
            cost = "?"
        else:
            used_prices[model] = price
            dollars = price.cost(used)
            sum_cost += dollars
            cost = _dollars(dollars)
        lines.append(_row([day.isoformat(), model, str(people), *_counts(used), cost]))
        total += used
    lines.append(_row(["total", "", "", *_counts(total), _dollars(sum_cost)]))
    lines += [f"Price of {model}: {price}." for model, price in sorted(used_prices.items())]
    if unpriced:
        lines.append(f"No list price known for {', '.join(sorted(unpriced))} (left out of the "
                     "cost); set PLAZA_MODEL_PRICE=input,cached,output to count it.")
    return "\n".join(lines)
