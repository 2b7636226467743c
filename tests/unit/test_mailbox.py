"""Mailboxes: real mbox and Maildir files built with the stdlib, synced read-only."""

from __future__ import annotations

import datetime as dt
import mailbox
import os
from email.message import EmailMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

import pytest

from paperterm.config import MailMatch
from paperterm.store import get_paper, stats
from paperterm.sync import sync_units
from paperterm.sync.sources.mailbox import detect_mailbox, mailbox_units, message_result
from paperterm.text import paper_key

HF = "Hugging Face <papers@huggingface.co>"
DATE = "Thu, 14 Mar 2024 08:00:00 +0000"


def digest_text(date: str, *papers: tuple[str, str]) -> str:
    body = "\n\n".join(f"{title}\n\n{abstract}" for title, abstract in papers)
    return f"Daily Papers\n\n{date}\n\n{body}\n"


def message(
    body: str,
    *,
    subtype: str = "plain",
    cte: str | None = None,
    charset: str = "utf-8",
    message_id: str | None = "<plain@hf>",
    sender: str = HF,
    subject: str = "Daily Papers digest",
    date: str = DATE,
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["Subject"] = subject
    msg["Date"] = date
    if message_id:
        msg["Message-ID"] = message_id
    msg.set_content(body, subtype=subtype, cte=cte, charset=charset)
    return msg


def raw_message(headers: str, body: bytes) -> bytes:
    return headers.replace("\n", "\r\n").encode() + b"\r\n" + body


PLAIN = message(
    digest_text("Mar 14", ("Plain Text Paper", "An abstract in plain text. It is fine.")),
    message_id="<plain@hf>",
)
QP_HTML = message(
    "<html><head><style>p { color: red }</style><script>var x = '<p>Script Paper</p>';"
    "</script></head><body><h2>Mar 13</h2><p>Quoted &amp; Printable Paper</p>"
    "<p>Caf\u00e9 abstract about &amp;lt;tags&amp;gt; and = signs, long enough to be wrapped by"
    " quoted-printable soft line breaks at seventy-six characters.</p>"
    "<p>Unsubscribe from these emails</p></body></html>",
    subtype="html",
    cte="quoted-printable",
    message_id="<qp-html@hf>",
)
BASE64 = message(
    digest_text("Mar 12", ("Base Sixty Four Paper", "Encoded with base64. Still readable.")),
    cte="base64",
    message_id="<base64@hf>",
)


def alternative() -> MIMEMultipart:
    msg = MIMEMultipart("alternative")
    msg["From"] = HF
    msg["Subject"] = "Daily Papers"
    msg["Date"] = DATE
    msg["Message-ID"] = "<alternative@hf>"
    plain = digest_text("Mar 11", ("Alternative Plain Paper", "The plain part wins. Yes."))
    msg.attach(MIMEText(plain, "plain", "utf-8"))
    msg.attach(MIMEText("<p>Mar 11</p><p>Alternative HTML Paper</p><p>Not used.</p>", "html"))
    return msg


BOGUS_CHARSET = raw_message(
    f"From: {HF}\nSubject: Daily Papers\nDate: {DATE}\nMessage-ID: <bogus@hf>\n"
    'MIME-Version: 1.0\nContent-Type: text/plain; charset="x-no-such-charset"\n'
    "Content-Transfer-Encoding: 8bit\n",
    digest_text("Mar 10", ("Bogus Charset Paper \u2014 na\u00efve", "Bytes are UTF-8. Really."))
    .replace("\n", "\r\n")
    .encode("utf-8")
    + b"\xff\xfe stray bytes.\r\n",
)
UNRELATED = message(
    "Lunch on Friday?", sender="friend@example.com", subject="lunch", message_id="<lunch@x>"
)
NO_ID = message(
    digest_text("Mar 9", ("Paper Without A Message Id", "Keyed by its bytes. Stable.")),
    message_id=None,
)
BAD_DATE = message(
    digest_text("Feb 30", ("Paper In A Broken Message", "The date line is impossible.")),
    message_id="<bad@hf>",
)

ALL = [PLAIN, QP_HTML, BASE64, alternative(), BOGUS_CHARSET, UNRELATED, NO_ID, BAD_DATE]
TITLES = {
    "Plain Text Paper",
    "Quoted & Printable Paper",
    "Base Sixty Four Paper",
    "Alternative Plain Paper",
    "Bogus Charset Paper \u2014 na\u00efve",
    "Paper Without A Message Id",
}


def build_mbox(path: Path, messages=ALL) -> Path:
    box = mailbox.mbox(str(path))
    for msg in messages:
        box.add(msg)
    box.flush()
    box.close()
    return path


def build_maildir(path: Path, messages=ALL) -> Path:
    box = mailbox.Maildir(str(path), create=True)
    for msg in messages:
        box.add(msg)
    box.close()
    return path


def snapshot(root: Path) -> dict[str, tuple[int, bytes]]:
    """Every file under root with its mtime and bytes."""
    files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
    return {str(p): (p.stat().st_mtime_ns, p.read_bytes()) for p in files}


def sync_mailbox(store, path: Path, match: MailMatch | None = None):
    units, issues, scan = mailbox_units(path, match)
    assert all(i.severity == "warning" for i in issues)
    report = sync_units(store, units, source=path.name)
    report.warnings[:0] = issues
    return report, scan


def titles(store) -> set[str]:
    return {row[0] for row in store.conn.execute("SELECT title FROM papers")}


@pytest.fixture(params=["mbox", "maildir"])
def mailbox_path(request, tmp_path: Path) -> Path:
    if request.param == "mbox":
        return build_mbox(tmp_path / "papers.mbox")
    return build_maildir(tmp_path / "Maildir")


def test_every_encoding_syncs_and_the_bad_message_is_named(store, mailbox_path):
    report, scan = sync_mailbox(store, mailbox_path)
    # Every message is read (mail is a digest by content); the lunch message is not one.
    assert scan.messages == 8 and scan.matched == 8
    assert titles(store) == TITLES
    # The broken message is reported by its Message-ID; the rest still synced.
    assert len(report.errors) == 1
    assert report.errors[0].where == f"{mailbox_path.name} <bad@hf>"
    assert "not a valid date" in report.errors[0].message
    assert any("x-no-such-charset" in w.message for w in report.warnings)


def test_html_part_has_no_script_or_style_and_entities_decoded_once(store, mailbox_path):
    sync_mailbox(store, mailbox_path)
    paper = get_paper(store.conn, paper_key("Quoted & Printable Paper"))
    assert paper.abstract.startswith("Caf\u00e9 abstract about &lt;tags&gt; and = signs")
    assert "Script Paper" not in titles(store)
    assert not any("color" in t or "Unsubscribe" in t for t in titles(store))
    assert "Alternative HTML Paper" not in titles(store)  # text/plain is preferred


def test_resync_imports_nothing_twice(store, mailbox_path):
    first, _ = sync_mailbox(store, mailbox_path)
    before = stats(store.conn)
    second, _ = sync_mailbox(store, mailbox_path)
    assert first.digests == 6
    assert second.digests == 0 and second.new_papers == 0 and second.appearances == 0
    # The broken message is tried again; the rest (and the lunch message) are skipped.
    assert second.unchanged == 7
    assert stats(store.conn) == before


def test_the_mailbox_is_never_written(store, mailbox_path):
    before = snapshot(mailbox_path)
    sync_mailbox(store, mailbox_path)
    sync_mailbox(store, mailbox_path)
    assert snapshot(mailbox_path) == before
    if mailbox_path.is_dir():  # the messages stay in new/, unflagged
        assert len(list((mailbox_path / "new").iterdir())) == 8
        assert list((mailbox_path / "cur").iterdir()) == []


def test_a_read_only_mbox_syncs(store, tmp_path):
    path = build_mbox(tmp_path / "ro.mbox")
    path.chmod(0o444)
    try:
        report, _ = sync_mailbox(store, path)
    finally:
        path.chmod(0o644)
    assert report.digests == 6


def test_date_header_gives_the_year(store, tmp_path):
    new_year = message(
        digest_text("Dec 31", ("A Paper From Late December", "Sent on the second of January.")),
        date="Tue, 02 Jan 2024 07:00:00 +0000",
        message_id="<newyear@hf>",
    )
    old = message(
        digest_text("Mar 14", ("A Paper From Years Ago", "The message is from 2019.")),
        date="Thu, 14 Mar 2019 07:00:00 +0000",
        message_id="<old@hf>",
    )
    sync_mailbox(store, build_mbox(tmp_path / "y.mbox", [new_year, old]))
    assert get_paper(store.conn, paper_key("A Paper From Late December")).first_seen == dt.date(
        2023, 12, 31
    )
    assert get_paper(store.conn, paper_key("A Paper From Years Ago")).first_seen == dt.date(
        2019, 3, 14
    )


def test_a_body_without_a_date_line_is_dated_by_the_message(tmp_path):
    raw = message(
        "Daily Papers\n\nA Paper With No Date Line\n\nThe email has no date line. Fine.\n",
        date="Wed, 05 Jun 2024 07:00:00 +0000",
    ).as_bytes()
    result = message_result(raw, "m")
    assert [d.date for d in result.digests] == [dt.date(2024, 6, 5)]
    assert result.digests[0].entries[0].title == "A Paper With No Date Line"


def test_message_without_message_id_is_keyed_by_its_bytes(store, tmp_path):
    path = build_mbox(tmp_path / "noid.mbox", [NO_ID])
    units, _, _ = mailbox_units(path)
    again, _, _ = mailbox_units(path)
    assert units[0].locator.startswith("mail:sha256:")
    assert units[0].locator == again[0].locator


def test_same_message_twice_is_one_unit(store, tmp_path):
    path = build_maildir(tmp_path / "dup", [PLAIN, PLAIN])
    units, _, scan = mailbox_units(path)
    assert scan.messages == 2 and [u.locator for u in units] == ["mail:plain@hf"]


def test_a_forwarded_digest_syncs_by_content_and_a_configured_match_narrows(store, tmp_path):
    path = build_mbox(tmp_path / "fwd.mbox", [message(
        digest_text("Mar 8", ("A Forwarded Digest Paper", "Forwarded by a colleague. Yes.")),
        sender="colleague@example.org",
        subject="Fwd: papers",
        message_id="<fwd@x>",
    ), message(
        "Hi,\n\nLunch on Friday?\n\nIt would be good to talk. Bring the slides.\n",
        sender="colleague@example.org",
        subject="lunch",
        message_id="<lunch@x>",
    )])  # fmt: skip
    report, scan = sync_mailbox(store, path)
    assert report.new_papers == 1 and not report.warnings and report.ok
    assert titles(store) == {"A Forwarded Digest Paper"}  # the lunch mail is no paper
    report, scan = sync_mailbox(store, path, MailMatch(senders=("nobody@",), subjects=()))
    assert scan.matched == 0


def test_a_mailbox_named_on_the_command_line_syncs_digests_from_any_sender(tmp_path, capsys):
    from paperterm.cli import main

    path = build_mbox(tmp_path / "other.mbox", [message(
        digest_text("Mar 9", ("Paper From a List", "Sent by a mailing list. It is fine.")),
        sender="list@lists.example.org",
        subject="weekly reading",
        message_id="<list@x>",
    )])  # fmt: skip
    assert main(["--store", str(tmp_path / "s.db"), "sync", str(path)]) == 0
    assert "1 paper (1 new)" in capsys.readouterr().out


def test_mboxrd_from_lines_are_unescaped(store, tmp_path):
    abstract = "We quote a line. It reads:\n>From the start, scaling helps.\n>>From twice."
    path = build_mbox(tmp_path / "rd.mbox", [message(
        digest_text("Mar 10", ("Escaped From Lines", abstract)), message_id="<rd@x>"
    )])  # fmt: skip
    raw = path.read_bytes()
    assert b"\n>From the start" in raw  # the stdlib writes mbox with ">From " escapes
    path.write_bytes(raw.replace(b"\n>>From twice", b"\n>>>From twice"))  # as mboxrd does
    sync_mailbox(store, path)
    (stored,) = [r[0] for r in store.conn.execute("SELECT abstract FROM papers")]
    assert stored.endswith("It reads: From the start, scaling helps. >>From twice.")


def test_a_reused_message_id_with_another_body_is_said(store, tmp_path):
    first = message(digest_text("Mar 11", ("First Body", "The first one. Kept.")))
    second = message(digest_text("Mar 11", ("Second Body", "Another body. Same ID.")))
    path = build_mbox(tmp_path / "dup.mbox", [first, second])
    report, _ = sync_mailbox(store, path)
    assert titles(store) == {"First Body"}
    assert any("same Message-ID but a different body" in w.message for w in report.warnings)
    same = build_mbox(tmp_path / "same.mbox", [first, first])
    report, _ = sync_mailbox(store, same)
    assert not any("Message-ID" in w.message for w in report.warnings)


def test_detect_by_content_not_name(tmp_path, digests_dir):
    assert detect_mailbox(build_mbox(tmp_path / "inbox")) == "mbox"  # no extension
    assert detect_mailbox(build_maildir(tmp_path / "md")) == "maildir"
    eml = tmp_path / "one.eml"
    eml.write_bytes(PLAIN.as_bytes())
    assert detect_mailbox(eml) == "eml"
    assert detect_mailbox(digests_dir) is None
    assert detect_mailbox(next(digests_dir.iterdir())) is None
    fake = tmp_path / "fake.mbox"
    fake.write_text("From here on, a title\n\nNot headers at all.\n")
    assert detect_mailbox(fake) is None


def test_single_eml_file_syncs(store, tmp_path):
    eml = tmp_path / "one.eml"
    eml.write_bytes(BASE64.as_bytes())
    report, _ = sync_mailbox(store, eml)
    assert report.new_papers == 1 and titles(store) == {"Base Sixty Four Paper"}


def test_mailbox_changed_during_sync_is_an_error_not_garbage(store, tmp_path):
    path = build_mbox(tmp_path / "moving.mbox", [PLAIN, BASE64])
    units, _, _ = mailbox_units(path)
    path.write_bytes(b"From x Thu Mar 14 08:00:00 2024\n" + BASE64.as_bytes())  # compacted
    report = sync_units(store, units)
    assert report.errors and "changed during the sync" in report.errors[0].message
    assert "Plain Text Paper" not in titles(store)


def test_escape_sequences_in_a_message_never_reach_the_store(store, tmp_path):
    hostile = message(
        digest_text("Mar 7", ("Evil \x1b]52;c;aGk=\x07Title", "Body \x1b[2J cleared. Yes.")),
        message_id="<evil@hf>",
    )
    sync_mailbox(store, build_mbox(tmp_path / "evil.mbox", [hostile]))
    assert titles(store) == {"Evil Title"}
    for title, abstract in store.conn.execute("SELECT title, abstract FROM papers"):
        assert "\x1b" not in title + abstract and "\x07" not in title + abstract


def test_missing_mailbox_is_an_issue(tmp_path):
    units, issues, _ = mailbox_units(tmp_path / "nope.mbox")
    assert units == [] and "no such file or folder" in issues[0].message


def test_maildir_keys_are_stable_when_the_client_marks_messages_read(store, tmp_path):
    path = build_maildir(tmp_path / "md", [PLAIN, BASE64])
    sync_mailbox(store, path)
    for name in os.listdir(path / "new"):  # what a mail client does when you read it
        os.rename(path / "new" / name, path / "cur" / f"{name}:2,S")
    report, _ = sync_mailbox(store, path)
    assert report.unchanged == 2 and report.digests == 0
