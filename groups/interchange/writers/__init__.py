"""Our own formats, written a piece at a time so an export never holds a whole group."""
