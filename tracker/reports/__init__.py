"""The only reader of figures: every number on a page, in a CSV, in the JSON API or on the CLI comes from here.

Each function is a SQL aggregate over the materialised attendances (see
``services.attendances``) returning plain rows; views and commands format them and
never aggregate, so the same figure cannot differ between two places.

partnerships (flat rows, the tree with roll-ups, a partnership's meetings and
attendees), people, meetings (per attendance, recurring series), totals (totals and
months), results (cost against outcomes), review_queue (the attribution queue),
overdue_reviews (partnerships past their review date), allowances (preparation and travel), imports,
registers (what the register pages list), and csv_files (rows -> CSV text).
"""
