"""One reader per format: bytes in, a GroupFile out, or a FileError naming the line."""
