"""The API's URLs as tests spell them."""


def group_path(group, *parts) -> str:
    """``/api/groups/{id}/`` and then ``parts``: names, or objects whose pk is the segment."""
    segments = [str(getattr(part, "pk", part)) for part in (group, *parts)]
    return "/api/groups/" + "".join(f"{segment}/" for segment in segments)


def manager_path(group, member) -> str:
    """Where ``member``'s manager is set (PUT) and cleared (DELETE)."""
    return group_path(group, "members", member, "manager")
