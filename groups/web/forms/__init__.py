"""The web pages' forms, by topic: they check the shape of what was typed; services check rules."""
