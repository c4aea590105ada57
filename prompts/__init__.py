"""Plaza's prompts, as plain text files shipped with the package.

They are read once, at start-up, and filled in with `string.Template`
($handle, $language...) so that braces in the text need no escaping. Each file
keeps what never changes first and the per-person part last: providers cache a
prompt's stable prefix, so most of every call is billed at the cached price.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from string import Template


@cache
def load(name: str) -> Template:
    """The prompt `name` (a file name without .txt) as a template."""
    return Template(files(__package__).joinpath(f"{name}.txt").read_text(encoding="utf-8"))
