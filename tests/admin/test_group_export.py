"""The admin's "Export as JSON/CSV" actions on groups."""

import json

import pytest

from groups.models import Group
from tests.factories import add_expense

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "pw-pw-pw-99")
    client.force_login(admin)
    return client


def run_action(client, action, groups):
    return client.post(
        "/admin/groups/group/",
        {"action": action, "_selected_action": [g.pk for g in groups]},
    )


def test_export_as_json_downloads_the_group(operator, group, ann, bob):
    add_expense(group, ann, [ann, bob], amount="12.00")

    response = run_action(operator, "export_json", [group])

    assert response.status_code == 200
    document = json.loads(b"".join(response.streaming_content))
    assert document["group"]["name"] == "Trip"
    assert document["expenses"][0]["amount"] == "12.00"


def test_export_as_csv_downloads_the_group(operator, group, ann, bob):
    add_expense(group, ann, [ann, bob], amount="12.00")

    response = run_action(operator, "export_csv", [group])

    text = b"".join(response.streaming_content).decode()
    assert text.splitlines()[1].endswith(",6.00,-6.00")


def test_one_group_at_a_time(operator, group, user):
    other = Group.objects.create(name="Other", created_by=user)

    response = run_action(operator, "export_json", [group, other])

    assert response.status_code == 302
    assert "Select exactly one group" in operator.get(response.url).content.decode()
