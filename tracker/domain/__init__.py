"""The product's rules as plain functions and values: no Flask, no SQLAlchemy, no I/O.

attribution (which partnership a meeting belongs to), attendance (who was there),
costing (what an hour costs, how double-booked time is shared), results (cost
against outcomes), permissions (who may do what), settings, entries (what a valid
register row or form is), periods, and local_time (Europe/London days).
"""
