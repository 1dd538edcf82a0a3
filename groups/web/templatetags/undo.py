"""``{{ message|undo_url }}``: where a message's Undo button posts, if it has one."""

from django import template

from groups.web import undo

register = template.Library()
register.filter("undo_url", undo.undo_url)
