"""A folder sync takes the mailboxes in it: mbox files and Maildirs are synced as mail."""

from __future__ import annotations

import mailbox
import shutil
from email.message import EmailMessage

from paperterm.store import Store
from paperterm.sync import sync_paths


def _message(title: str, message_id: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "someone@example.org"
    msg["Subject"] = "fwd"
    msg["Date"] = "Thu, 14 Mar 2024 08:00:00 +0000"
    msg["Message-ID"] = message_id
    msg.set_content(f"Mar 14\n\n{title}\n\nAn abstract sent by mail. It reads well.\n")
    return msg


def test_mbox_and_maildir_inside_a_synced_folder_are_synced_as_mail(tmp_path, digests_dir):
    folder = tmp_path / "papers"
    shutil.copytree(digests_dir, folder)
    box = mailbox.mbox(str(folder / "saved.mbox"))
    box.add(_message("Paper From an Mbox In the Folder", "<mbox@x>"))
    box.close()
    (folder / "Mail").mkdir()
    maildir = mailbox.Maildir(str(folder / "Mail" / "inbox"), create=True)
    maildir.add(_message("Paper From a Maildir In the Folder", "<maildir@x>"))
    maildir.close()
    store = Store(tmp_path / "s.db")
    report = sync_paths(store, [folder])
    assert report.ok, report.errors
    titles = {row[0] for row in store.conn.execute("SELECT title FROM papers")}
    assert {"Paper From an Mbox In the Folder", "Paper From a Maildir In the Folder"} <= titles
    assert len(titles) == 82
    # Read as mail (keyed by Message-ID), not as digest files with headers before the date.
    assert not report.warnings, report.warnings
    origins = {row[0] for row in store.conn.execute("SELECT locator FROM origins")}
    assert {"mail:mbox@x", "mail:maildir@x"} <= origins
    again = sync_paths(store, [folder])
    assert again.new_papers == 0 and again.appearances == 0
