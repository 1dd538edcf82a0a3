"""After the load: what the database and the API hold, checked against what was answered."""

import json
from decimal import Decimal

from bench.loadgen.client import ApiClient
from bench.loadgen.workload import Outcome, Seed, expect
from bench.serving import manage

AUDIT = """
import json
from django.db.models import F, Sum
from groups.models import Expense, Share
expenses = Expense.objects.filter(group_id={group_id})
totals = Share.objects.filter(group_id={group_id}).aggregate(paid=Sum("paid"), owed=Sum("owed"))
unbalanced = expenses.annotate(paid=Sum("shares__paid"), owed=Sum("shares__owed")).exclude(
    paid=F("amount"), owed=F("amount")
)
print(json.dumps({{
    "ids": sorted(expenses.values_list("id", flat=True)),
    "descriptions": dict(expenses.values_list("description", "id")),
    "balance_sum": str((totals["paid"] or 0) - (totals["owed"] or 0)),
    "unbalanced": sorted(unbalanced.values_list("id", flat=True)),
}}))
"""


def audit_database(env: dict[str, str], group_id: int) -> dict:
    """Read the group's expense ids and sums straight from the server's database."""
    output = manage(env, "shell", "-c", AUDIT.format(group_id=group_id))
    return json.loads(output.strip().splitlines()[-1])


def audit_api(url: str, seed: Seed) -> dict:
    """The group as the API reports it: how many expenses, and the balances' sums."""
    client = ApiClient(url, seed.tokens[0])
    base = f"/api/groups/{seed.group_id}"
    count = expect(client.call("GET", f"{base}/expenses/"), 200, "expenses")["count"]
    sheet = expect(client.call("GET", f"{base}/balances/"), 200, "balances")
    client.close()
    return {
        "count": count,
        "members_sum": sum(Decimal(row["balance"]) for row in sheet["members"]),
        "aggregated_sum": sum(Decimal(row["balance"]) for row in sheet["aggregated"]),
    }


def check(outcomes: list[Outcome], api: dict, database: dict | None) -> list[str]:
    """What is wrong with the database after the load (nothing, one hopes)."""
    created = {o.created for o in outcomes if o.created is not None}
    problems = []
    if api["count"] != len(created):
        problems.append(f"the API lists {api['count']} expenses, {len(created)} were created")
    if api["members_sum"] != 0 or api["aggregated_sum"] != 0:
        problems.append(f"the API's balances sum to {api['members_sum']}/{api['aggregated_sum']}")
    if database is not None:
        if set(database["ids"]) != created:
            lost = sorted(created - set(database["ids"]))[:10]
            extra = sorted(set(database["ids"]) - created)[:10]
            problems.append(
                f"database differs from the successful creates: lost {lost}, extra {extra}"
            )
        if Decimal(database["balance_sum"]) != 0:
            problems.append(f"the shares' balances sum to {database['balance_sum']} in SQL")
        if database["unbalanced"]:
            problems.append(f"expenses whose shares miss their amount: {database['unbalanced']}")
    return problems
