"""The web pages: a thin client of the same services and selectors as the API."""
