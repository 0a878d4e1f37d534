"""The demo organisation: a borough council and its NHS, police and voluntary partners, built through
the same doors as real data (register files, a year of calendar exports, outcome returns)."""

from .build import build_demo
from .data import DEMO_USERS

__all__ = ["DEMO_USERS", "build_demo"]
