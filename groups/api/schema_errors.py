"""The error answers every operation of the OpenAPI schema documents (a postprocessing hook).

Each operation lists the statuses it can give besides its success: 400 (with, in
``x-rule-fields``, the fields a *well-formed* body can still be refused for, because the
rule depends on the group's data: who is a member, what sums to what), 401, 403, 404, 409,
413, 415 and 429 (with Retry-After). The fuzz test (tests/api/test_fuzz.py) holds the API to
it: no undocumented status, and no schema-valid request refused for a reason not listed.
"""

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
    "description": 'What went wrong, e.g. {"detail": "Not found."}.',
}
FIELD_ERRORS = {
    "type": "object",
    "additionalProperties": True,
    "description": (
        'Each field at fault with its reasons, e.g. {"amount": ["An amount cannot be '
        'negative."]}; "non_field_errors" for the body as a whole, "detail" for a body that is '
        "not JSON. Items of a list are keyed by their index."
    ),
}

# The fields a body that matches the schema may still be refused for, by operation, with why.
RULES = {
    "auth_register_create": (
        ["username", "password"],
        "the username is taken (compared without case), looks like another script's letters "
        "or holds a hidden character; the password fails a password rule",
    ),
    "auth_token_create": (["non_field_errors"], "the username and password do not match"),
    "groups_create": (["name", "currency"], "a hidden character; not an ISO 4217 code"),
    "groups_update": (["name", "currency"], "a hidden character; not an ISO 4217 code"),
    "groups_partial_update": (["name", "currency"], "a hidden character; not an ISO 4217 code"),
    "groups_members_create": (
        ["name", "username"],
        "give name or username, not both; the name is taken in the group (in any case), holds "
        "a hidden character or look-alike letters; the user cannot be added (the same answer "
        "whether or not the account exists), is a member already, or left",
    ),
    "groups_members_update": (
        ["name", "role", "active"],
        "the name is taken or not allowed; the last admin cannot step down; a registered "
        "member who left cannot be reactivated by another; deactivate with DELETE",
    ),
    "groups_members_destroy": (
        ["balance", "role"],
        "the member's balance is not zero; the last admin cannot leave",
    ),
    "groups_members_manager_update": (["manager"], "rules 1 and 2 of member management"),
    "groups_expenses_create": (
        [
            "amount",
            "paid_by",
            "payers",
            "participants",
            "split",
            "date",
            "currency",
            "exchange_rate",
            "group_amount",
            "category",
            "notes",
            "repeat",
        ],
        "an amount that is not positive, has more than two decimals or exceeds "
        "9999999999.99; members that are not active members of the group or listed twice; "
        "payers' amounts, exact parts or percentages that do not add up; values with an "
        "equal split; a part below 0.01; paid_by and payers both given; a currency that is "
        "not a current ISO 4217 code; a rate that is not positive or has more than 10 "
        "decimals, or none given and none in the group's table; a group amount under 0.01; a "
        "category that is not the group's; a repeat that does not fit the date",
    ),
    "groups_expenses_destroy": (["shares"], "it involves a member who left"),
    "groups_expenses_restore_create": (
        ["expense", "shares"],
        "it is not in the trash; it involves a member who left",
    ),
    "groups_recurring_resume_create": (
        ["active", "shares"],
        "the series has ended; its expense involves a member who left",
    ),
    "invites_join_create": (
        ["claim"],
        "the guest claimed is not an unclaimed active guest of the group, or the caller is a "
        "member already",
    ),
    "groups_payments_create": (
        ["amount", "from_member", "to_member", "date", "currency", "exchange_rate", "group_amount"],
        "an amount that is not a positive amount; members that are not active members of the "
        "group, or the same member twice; a currency or rate as for an expense",
    ),
    "groups_rates_create": (
        ["currency", "rate", "date"],
        "a currency that is not a current ISO 4217 code or is the group's own; a rate that is "
        "not positive or has more than 10 decimals",
    ),
    "groups_categories_create": (["name"], "a name that is blank or taken in the group"),
    "groups_expenses_comments_create": (["text"], "text that is blank once stripped"),
    "groups_statistics_retrieve": (["date_after"], "a range that starts after it ends"),
}
RULES["groups_members_partial_update"] = RULES["groups_members_update"]
RULES["groups_expenses_update"] = RULES["groups_expenses_partial_update"] = (
    [*RULES["groups_expenses_create"][0], "kind", "shares"],
    RULES["groups_expenses_create"][1] + "; a payment cannot be edited; it involves a member "
    "who left; a change of money needs amount, split, participants and the payers together; "
    "a repeat is set when the expense is recorded, not on a change",
)

THROTTLED = {"auth_register_create", "auth_token_create", "groups_members_create"}
# Writes that may lose a race on a unique value (a name, a username) to another request.
UNIQUE_RACES = {
    "auth_register_create",
    "groups_members_create",
    "groups_members_update",
    "groups_members_partial_update",
}
WRITES = {"post", "put", "patch", "delete"}


def document_errors(result, generator, request, public):
    """Add the error answers to every operation (SPECTACULAR_SETTINGS POSTPROCESSING_HOOKS)."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"], schemas["FieldErrors"] = ERROR, FIELD_ERRORS
    for operations in result["paths"].values():
        for method, operation in operations.items():
            operation["responses"].update(_errors(method, operation))
    return result


def _errors(method: str, operation: dict) -> dict:
    operation_id = operation["operationId"]
    signed_in = operation_id.startswith("groups_")
    parameters = operation.get("parameters", [])
    has_query = any(p["in"] == "query" for p in parameters)
    has_path = any(p["in"] == "path" for p in parameters)
    has_body = "requestBody" in operation
    errors = {}
    if has_body or has_query or method in WRITES:
        fields, why = RULES.get(operation_id, ([], ""))
        errors["400"] = {
            **_answer(
                "FieldErrors",
                "The request does not match this schema" + (f", or: {why}." if why else "."),
            ),
            "x-rule-fields": fields,
        }
    if signed_in:
        errors["401"] = _answer("Error", "No valid token or session.")
        if method in WRITES:
            errors["403"] = _answer(
                "Error", "Not allowed to the caller (an admin-only change, rule 3, CSRF)."
            )
    if has_path or has_query:
        errors["404"] = _answer("Error", "No such group or object for the caller, or no such page.")
    if operation_id in UNIQUE_RACES:
        errors["409"] = _answer("Error", "Another request took the same name first; retry.")
    if has_body:
        errors["413"] = _answer("Error", "The body is larger than the server accepts.")
        errors["415"] = _answer("Error", "The body is not of a media type listed here.")
    if operation_id in THROTTLED:
        errors["429"] = {
            **_answer("Error", "Too many attempts; wait as Retry-After says."),
            "headers": {
                "Retry-After": {
                    "schema": {"type": "integer", "minimum": 0},
                    "required": True,
                    "description": "Seconds to wait.",
                }
            },
        }
    return errors


def _answer(component: str, description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}},
    }
