"""The web pages' views, by topic: thin clients of the services (writes) and selectors (reads)."""
