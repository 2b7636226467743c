"""Sync sources: each turns a place (folder, mailbox, API) into sync units."""
