"""eventwire: news articles in, a CAMEO/ACLED political-event dataset out."""

__version__ = "0.1.0"
# Bump whenever coding output can change (dictionaries, rules, model): a new coder version recodes on request.
CODER_VERSION = "0.8.0"
