"""Reading connected calendars from their servers: published ICS addresses, CalDAV collections, Microsoft
Graph and Google. Each reader returns what changed since the state it is given (``Fetched``) and knows
nothing of the database; ``services/source_sync.py`` stores what they bring through the import path."""
