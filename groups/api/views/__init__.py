"""The API's views, by topic: every read scoped to the caller's groups, every write through
a service."""
