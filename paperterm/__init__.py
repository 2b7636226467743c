"""paperterm: a fast, searchable, personal library of research-paper digests."""

__version__ = "0.1.0"
