"""Screens of the reader: main, reading view, help, welcome, and the note and list modals."""
