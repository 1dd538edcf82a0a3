from django.db import models


class Doomed(models.Model):
    """A table that 0001 creates and fills, and that 0002 alters before failing."""

    name = models.CharField(max_length=20)
    note = models.CharField(max_length=20, default="")

    def __str__(self):
        return self.name
