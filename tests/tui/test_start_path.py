"""The reader's start path: what loads before the first frame, and that the options still work."""

from __future__ import annotations

import subprocess
import sys

import pytest

from paperterm.cli import main


def test_reader_start_loads_no_command_module_numpy_or_search():
    # The reader's first frame waits for every import on this path; numpy, the search
    # engine and the command modules load later, on the threads that need them.
    code = (
        "import sys, paperterm.cli as cli\n"
        "argv = ['--store', 'x.db']\n"
        "args = cli.build_parser(argv, reader_only=True).parse_args(argv)\n"
        "import paperterm.tui.app as app, paperterm.tui.commands as commands\n"
        "commands.binding_tables(app.PapertermApp)  # the app checks its keymap when made\n"
        "import paperterm.reader.sample  # on mount: is the sample wanted?\n"
        "late = ('numpy', 'rapidfuzz', 'paperterm.search', 'paperterm.cli.sync_cmd',\n"
        "        'paperterm.discover', 'paperterm.sync')\n"
        "print(args.command, args.store, [m for m in late if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["None", "x.db", "[]"]


def test_a_word_or_option_the_reader_does_not_take_still_gets_the_full_parser(capsys):
    with pytest.raises(SystemExit) as bogus:
        main(["--bogus"])
    assert bogus.value.code == 2
    assert "unknown option --bogus" in capsys.readouterr().err
    with pytest.raises(SystemExit) as helped:
        main(["--help"])
    assert helped.value.code == 0
    shown = capsys.readouterr().out
    assert "search" in shown and "sync" in shown  # the commands are still listed
