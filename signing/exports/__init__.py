"""Bytes out of the signing app: the minutes and the news draft as DOCX."""
