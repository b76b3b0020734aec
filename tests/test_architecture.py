"""The architecture, proved from the source: the core and the catalogue stay platform-neutral.

`bot/` and `catalogue/` import no platform SDK, no network, storage or adapter code, read no
environment and open no files; the platform names appear only under adapters/ and manifest/;
importing the core loads no platform package.
"""

from __future__ import annotations

import ast
import io
import re
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PURE = ("bot", "catalogue")
NEUTRAL = ("bot", "catalogue", "storage")

FORBIDDEN_IMPORTS = (
    "slack_bolt",
    "slack_sdk",
    "microsoft_agents",
    "aiohttp",
    "requests",
    "urllib.request",
    "http",
    "socket",
    "asyncio",
    "redis",
    "sqlite3",
    "storage",
    "adapters",
)
PLATFORM_PACKAGES = ("slack_bolt", "slack_sdk", "microsoft_agents", "aiohttp")

# No exceptions: the platform enum lives in adapters/platform.py.
ALLOWED_PLATFORM_TOKENS: set[tuple[str, str]] = set()
# A platform word in text: "Slack's", "TeamsAdapter", "slack-bolt"; not "slacken".
_PLATFORM_WORD = re.compile(r"(?<![A-Za-z])(?i:slack|teams)(?![a-z])")
# In data, only a platform can be meant by "slack" or by "Teams" with a capital (prose such as
# "front-line teams" is fine).
_PLATFORM_IN_DATA = re.compile(r"(?<![A-Za-z])(?:(?i:slack)|Teams)(?![a-z])")


def python_files(*packages: str) -> list[Path]:
    files = [p for pkg in packages for p in sorted((ROOT / pkg).rglob("*.py"))]
    assert files, packages
    return files


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def imported_modules(tree: ast.AST) -> list[str]:
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0 and node.module:
                names.append(node.module)
                names += [f"{node.module}.{a.name}" for a in node.names]
    return names


def is_forbidden(module: str) -> bool:
    return any(module == f or module.startswith(f + ".") for f in FORBIDDEN_IMPORTS)


@pytest.mark.parametrize("path", python_files(*PURE), ids=rel)
def test_no_forbidden_imports(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    bad = sorted({m for m in imported_modules(tree) if is_forbidden(m)})
    assert not bad, f"{rel(path)} imports {bad}"


@pytest.mark.parametrize("path", python_files(*PURE), ids=rel)
def test_no_environment_and_no_open(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    problems: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in {"environ", "getenv", "environb"}:
            problems.append(f"line {node.lineno}: .{node.attr}")
        elif isinstance(node, ast.Name) and node.id in {"environ", "getenv", "open"}:
            problems.append(f"line {node.lineno}: {node.id}")
        elif isinstance(node, ast.ImportFrom) and node.module == "os":
            names = {a.name for a in node.names}
            if names & {"environ", "getenv", "environb"}:
                problems.append(f"line {node.lineno}: from os import {sorted(names)}")
        elif isinstance(node, ast.Attribute) and node.attr == "open":
            problems.append(f"line {node.lineno}: .open(")
    assert not problems, f"{rel(path)}: {problems}"


def test_the_checks_catch_what_they_look_for() -> None:
    """The checkers themselves must be able to fail."""
    sample = "import slack_sdk\nfrom urllib.request import urlopen\nimport os\nx = os.environ\n"
    tree = ast.parse(sample)
    assert [m for m in imported_modules(tree) if is_forbidden(m)] == [
        "slack_sdk",
        "urllib.request",
        "urllib.request.urlopen",
    ]
    assert platform_mentions("bot/x.py", "# posts to Slack\nTEAMS_URL = 1\n") == [
        "line 1: # posts to Slack",
        "line 2: TEAMS_URL",
    ]
    assert platform_mentions("bot/x.py", 'HELP = "for health and care teams"\n') == []
    assert platform_mentions("bot/x.py", 'KIND = "teams"\nx = "a Slack app"\n') == [
        'line 1: "teams"',
        'line 2: "a Slack app"',
    ]
    assert _PLATFORM_IN_DATA.search("post it on slack") and _PLATFORM_IN_DATA.search("MS Teams")
    assert not _PLATFORM_IN_DATA.search("four teams took part")


def platform_mentions(name: str, source: str) -> list[str]:
    """Platform words in identifiers, comments and one-word strings of Python source.

    A lower-case "teams" inside a sentence is English ("care teams"), not the platform.
    """
    found: list[str] = []
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type not in (tokenize.NAME, tokenize.COMMENT, tokenize.STRING):
            continue
        if (name, tok.string) in ALLOWED_PLATFORM_TOKENS:
            continue
        if tok.type == tokenize.NAME:
            hit = any(word in tok.string.lower() for word in ("slack", "teams"))
        else:
            hit = any(
                not (tok.type == tokenize.STRING and m.group(0) == "teams" and " " in tok.string)
                for m in _PLATFORM_WORD.finditer(tok.string)
            )
        if hit:
            found.append(f"line {tok.start[0]}: {tok.string.strip()[:60]}")
    return found


@pytest.mark.parametrize("path", python_files(*NEUTRAL), ids=rel)
def test_platform_names_only_under_adapters_and_manifest(path: Path) -> None:
    mentions = platform_mentions(rel(path), path.read_text(encoding="utf-8"))
    assert not mentions, f"{rel(path)} names a platform: {mentions}"


def data_files() -> list[Path]:
    return [p for pkg in NEUTRAL for p in sorted((ROOT / pkg).rglob("*.yaml"))]


@pytest.mark.parametrize("path", data_files(), ids=rel)
def test_no_platform_names_in_data(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    hits = [
        f"{i}: {line.strip()}" for i, line in enumerate(lines, 1) if _PLATFORM_IN_DATA.search(line)
    ]
    assert not hits, f"{rel(path)} names a platform: {hits}"


def test_importing_the_core_loads_no_platform_package() -> None:
    code = (
        "import sys, pkgutil, importlib, bot, catalogue\n"
        "for pkg in (bot, catalogue):\n"
        "    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(info.name)\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {PLATFORM_PACKAGES!r}"
        " or m.split('.')[0] in ('storage', 'adapters', 'redis', 'requests'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"importing bot and catalogue loaded: {result.stdout}"
