"""The README, the issue catalogue, the CLI and .ci/run stay in step (as sqlite-utils' tests/test_docs.py)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from peerimpact.cli.app import app
from peerimpact.issues import CODES

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SRC = ROOT / "src" / "peerimpact"


def _commands() -> list[str]:
    return [c.name or "" for c in app.registered_commands]


@pytest.mark.parametrize("command", _commands())
def test_every_command_is_in_the_readme_and_has_an_example(command: str) -> None:
    assert f"peerimpact {command}" in README
    cmd = next(c for c in app.registered_commands if c.name == command)
    assert "Example:" in (cmd.help or "")


def test_every_issue_code_is_documented() -> None:
    missing = [code for code in CODES if f"`{code}`" not in README]
    assert not missing


def test_every_emitted_code_is_catalogued() -> None:
    emitted: set[str] = set()
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "make_issue" and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    emitted.add(first.value)
    assert emitted and emitted <= set(CODES), emitted - set(CODES)


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = re.search(r"TEST_COMMAND='([^']+)'", ci)
    assert command is not None
    assert f"```sh\n{command.group(1)}\n```" in README


def test_readme_opens_with_the_demo_command() -> None:
    first_block = README.split("```sh\n", 1)[1].split("\n```", 1)[0]
    assert "peerimpact demo" in first_block and "pip install" in first_block
