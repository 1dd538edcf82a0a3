"""Every write, by topic: one keyword-only function, one transaction, named <entity>_<action>.

The API, the admin, the web pages and the commands call these, so the rules live in one
place. A broken business rule raises Django's ``ValidationError`` naming the field; a caller
without the right raises ``PermissionDenied``.
"""
