"""Prefect flows and deployment entry points: thin wiring over ``eventwire.pipeline``."""
