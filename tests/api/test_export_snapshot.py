"""An export of a SQLite database file keeps its snapshot while another process deletes.

The suite's own SQLite database lives in memory, one cache shared by every connection, where
a reader sees the others' commits at once; a file in WAL mode, as served, does not. So this
test migrates and seeds a scratch database file in subprocesses, and exports from one while
another deletes. (On PostgreSQL, test_export.py checks the same in-process.)
"""

import json
import os

import pytest

from bench.serving import manage, production_environment

pytestmark = pytest.mark.slow

EXPORT_WHILE_DELETING = """
import json, subprocess, sys
from groups.models import Expense, Group
from groups.downloads import export_response
group = Group.objects.get()
last = Expense.objects.filter(group=group).order_by("date", "id").last()
pieces = export_response(group, "json").streaming_content
head = next(pieces)  # the members are read: the snapshot has begun
delete = f"from groups.models import Expense; Expense.objects.filter(pk={last.pk}).delete()"
subprocess.run([sys.executable, "manage.py", "shell", "--no-imports", "-c", delete], check=True)
document = json.loads(b"".join([head, *pieces]))
print(json.dumps({"exported": len(document["expenses"]),
                  "last_shares": len(document["expenses"][-1]["shares"]),
                  "still_there": Expense.objects.filter(pk=last.pk).exists()}))
"""


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="this run of the suite is on PostgreSQL; test_export.py covers it in-process",
)
def test_an_export_of_a_database_file_keeps_its_snapshot(tmp_path):
    env = production_environment({"SQLITE_PATH": str(tmp_path / "db.sqlite3")})
    manage(env, "migrate", "--noinput")
    manage(env, "seed_bench", "--members", "4", "--expenses", "2000")

    output = manage(env, "shell", "--no-imports", "-c", EXPORT_WHILE_DELETING)

    result = json.loads(output.strip().splitlines()[-1])
    assert result == {"exported": 2000, "last_shares": result["last_shares"], "still_there": False}
    assert result["last_shares"] >= 2
