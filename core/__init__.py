"""Shared helpers without models: HTTP edges (client IP, the API's error
shape), used by every app and by config/."""
