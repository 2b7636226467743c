"""The CLI contract: unknown flags fail in one line with the closest flag; hints name real flags."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from paperterm.cli import build_parser, main
from paperterm.cli.parser import subparsers_of

PACKAGE = Path(__file__).resolve().parents[2] / "paperterm"
PROSE = {"is", "and", "the", "turns", "reads", "opens", "keeps", "shows", "configuration", "keys"}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def synced(capsys, tmp_path, digests_dir) -> str:
    store = str(tmp_path / "s.db")
    assert run(capsys, "--store", store, "sync", str(digests_dir))[0] == 0
    return store


def test_a_typo_in_a_flag_is_an_error_naming_the_real_flag(capsys, synced):
    code, out, err = run(capsys, "--store", synced, "search", "kernel", "--jsn")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "--jsn" in err and "did you mean --json?" in err


def test_an_unknown_flag_does_not_return_papers(capsys, synced):
    code, out, err = run(capsys, "--store", synced, "search", "--bogus", "x")
    assert code == 2 and out == "" and "unknown option --bogus" in err


def test_unknown_flags_fail_for_every_command(capsys, synced):
    for argv in (["sync", "--quiett"], ["stats", "--jsno"], ["export", "--formt", "md"]):
        code, out, err = run(capsys, "--store", synced, *argv)
        assert code == 2 and out == "", argv
        assert err.count("\n") == 1 and "unknown option" in err, (argv, err)


def test_a_mistyped_command_names_the_closest_command(capsys):
    code, _, err = run(capsys, "sycn")
    assert code == 2 and "did you mean sync?" in err and err.count("\n") == 1


def test_exclusions_still_work_and_double_dash_passes_literal_words(capsys, synced):
    code, out, _ = run(capsys, "--store", synced, "search", "kernel", "-density", "-n", "50")
    assert code == 0 and out and "density" not in out.lower()
    code, out, _ = run(capsys, "--store", synced, "search", "kernels", "--", "--json")
    assert code == 0 and not out.lstrip().startswith("[")  # a word to search, not the flag


def test_store_may_follow_the_command(capsys, synced):
    code, out, _ = run(capsys, "search", "scaling kernels", "--store", synced, "-n", "1")
    assert code == 0 and "Scaling Up Your Kernels" in out


def _is_hint(text: str) -> bool:
    return any(marker in text for marker in ("Next:", "Try:", "run paperterm", "`paperterm "))


def _hint_strings() -> list[tuple[Path, str]]:
    """Every message-like string literal in the package (docstrings left out)."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(n.body[0].value)
            for n in ast.walk(tree)
            if isinstance(n, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and n.body
            and isinstance(n.body[0], ast.Expr)
        }
        for node in ast.walk(tree):
            if id(node) in docstrings:
                continue
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value
            elif isinstance(node, ast.JoinedStr):
                text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
            else:
                continue
            if _is_hint(text):
                found.append((path, text))
    return found


def test_every_hint_names_a_command_and_flags_that_exist():
    parser = build_parser()
    commands: dict[str, set[str]] = {}
    every_flag = {s for a in parser._actions for s in a.option_strings}
    for child in subparsers_of(parser):
        flags = {s for a in child._actions for s in a.option_strings}
        commands[child.prog.removeprefix("paperterm ")] = flags
        every_flag |= flags
    assert "search" in commands and "sync" in commands
    checked = 0
    for path, text in _hint_strings():
        for match in re.finditer(r"\bpaperterm ((?:[a-z][a-z-]*)(?: [a-z][a-z-]*)?)", text):
            words = match.group(1).split()
            name = " ".join(words) if " ".join(words) in commands else words[0]
            if name in PROSE:
                continue  # prose about paperterm, not a command
            assert name in commands, f"{path.name}: hint names missing command {name!r}: {text!r}"
            checked += 1
        for flag in re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", text):
            assert flag in every_flag, f"{path.name}: hint names missing flag {flag}: {text!r}"
    assert checked > 5


def test_each_command_loads_the_module_that_defines_it():
    import importlib
    import sys

    from paperterm.cli import COMMAND_MODULES, COMMAND_OF

    full = build_parser([])
    names = {
        name
        for action in full._actions
        if hasattr(action, "choices") and isinstance(action.choices, dict)
        for name in action.choices
    }
    assert set(COMMAND_OF) == names  # a new command must be named in COMMAND_OF too
    for name, module in COMMAND_OF.items():
        assert module in COMMAND_MODULES
        sub = importlib.import_module(module)
        assert sys.modules[module] is sub
        parser = build_parser([name])
        assert name in {
            n
            for action in parser._actions
            if hasattr(action, "choices") and isinstance(action.choices, dict)
            for n in action.choices
        }
