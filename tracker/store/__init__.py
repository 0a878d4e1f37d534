"""Persistence: the database rows of each aggregate, written (and read back whole) in one place each.

meetings (calendar copies -> meetings), registers (people, partnerships, grades,
on-costs), outcomes, overrides, settings, users, and register_snapshot (the staff
register as plain values, for matching and costing). Nothing here commits.
"""
