"""vanban's core vocabulary and everything about the directive graph.

``graph`` imports neither ``ingest`` nor ``api``: it is the bottom of the one-way import chain
``api -> ingest -> graph``.
"""
