"""The REST API under /api/: views that read through selectors and write through services."""
