"""Every read that is more than a one-line query, by topic: groups, members, expenses,
balances. Views, the admin and the web pages read through these, as they write through
``groups.services``.
"""
