"""Persistence: the database rows of each aggregate, written (and read back whole) in one place each.

meetings (calendar copies -> meetings, and what each is attributed to), registers (people,
partnerships, grades, on-costs), outcomes, overrides, changes (the record of attribution
changes), settings, users, and register_snapshot (the staff register as plain values, for
matching and costing). Services run no SQL of their own: they call these. Nothing here commits a
service's change (``db.transaction`` does); an audit entry is written in a transaction of its own.
"""
