"""Bytes out: PDFs, spreadsheets, calendars (pretalx calls these interfaces)."""
