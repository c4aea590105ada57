"""The import rule between packages, checked in fresh interpreters.

Each chat platform's library is imported by its adapter's package and nowhere
else, so a process loads only the platforms it serves, and the conversation,
understanding and digest know no platform. Storage knows nothing of the bot.
Every module of a package is imported, not only its __init__, so an import
hidden in any of them is caught.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLATFORM_LIBRARIES = ("telegram", "discord")

# Loads the modules named on the command line, and every module of those that are
# packages; prints the top-level names and the `bot` modules then imported.
PROBE = """
import importlib, json, pkgutil, sys
for name in sys.argv[1:]:
    module = importlib.import_module(name)
    for found in pkgutil.walk_packages(getattr(module, "__path__", []), name + "."):
        if ".migrations" not in found.name:
            importlib.import_module(found.name)
print(json.dumps({"top": sorted({m.split(".")[0] for m in sys.modules}),
                  "bot": sorted(m for m in sys.modules if m.split(".")[0] == "bot")}))
"""


def imported(*modules: str) -> dict[str, list[str]]:
    done = subprocess.run([sys.executable, "-c", PROBE, *modules], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("module", [
    "bot.conversation", "bot.understanding", "bot.digest", "bot.ai", "bot.cli.main",
    "bot.cli.serve", "bot.cli.digest", "bot.adapters.base", "bot.adapters.registry",
    "bot.adapters.console", "bot.menu", "bot.messages", "bot.replies",
])
def test_the_core_imports_no_platform_library(module: str) -> None:
    loaded = imported(module)["top"]
    assert [library for library in PLATFORM_LIBRARIES if library in loaded] == []


def test_the_telegram_adapter_imports_telegram_and_no_other_platform() -> None:
    loaded = imported("bot.adapters.telegram")["top"]
    assert "telegram" in loaded and "discord" not in loaded


def test_storage_imports_nothing_from_the_bot() -> None:
    assert imported("storage")["bot"] == []


def _imports(path: Path) -> set[str]:
    """The top-level names `path` imports, wherever in the file (lazy imports too)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_nothing_outside_its_adapter_imports_a_platform_library() -> None:
    """Also the imports made inside functions, which importing a module does not run."""
    found = {}
    for path in sorted((ROOT / "bot").rglob("*.py")):
        relative = path.relative_to(ROOT)
        libraries = _imports(path) & set(PLATFORM_LIBRARIES)
        outside = [library for library in libraries
                   if relative.parts[:3] != ("bot", "adapters", library)]
        if outside:
            found[str(relative)] = outside
    assert found == {}
