"""The one test of what an email address looks like, for calendars, registers, owners and users alike.

It lives with the readers because they need it (whose calendar a file is) and never import the
tracker; the tracker's register entries, imports and users take it from here, so all of them agree
on what counts as an address.
"""

from __future__ import annotations

import re

# One "@", something on each side, a dot inside the domain, and none of white space, ";" or ",".
# ";" and "," are left out because they are how Outlook and Google separate addresses: a list pasted
# into one field ("a@x.gov.uk; b@y.gov.uk") must not pass as one address, nor a CSV cell spilling into
# the next. RFC 5322 allows them only inside a quoted local part, which no mailbox here uses. \Z, not
# $, so that a trailing newline (which $ lets through) is refused too.
EMAIL = re.compile(r"^[^@\s;,]+@[^@\s;,]+\.[^@\s;,]+\Z")
