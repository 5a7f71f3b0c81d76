"""Libraries' own warnings (trafilatura on odd HTML, Python ``warnings``) belong in the log, not on the
operator's terminal: with no handler configured, Python's logging prints them to stderr, hundreds a night."""

from __future__ import annotations

import logging

LIBRARIES = ("trafilatura", "htmldate", "courlan", "justext", "charset_normalizer", "dateparser", "py.warnings")


def to_log_only() -> None:
    """Route ``warnings`` through logging and give the libraries' loggers a handler, so nothing reaches stderr
    unless logging is configured to show it (``-v``)."""
    logging.captureWarnings(True)
    for name in LIBRARIES:
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())
