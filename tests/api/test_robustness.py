"""No request makes the API answer 5xx: random bodies and query strings get 2xx or 4xx."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=2**63 - 2, max_value=2**64)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
    | st.sampled_from(["1.00", "-1", "0", "NaN", "sNaN", "-Infinity", "1e5", "1_0", " 2 ", "٣"])
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)


def ids(*members):
    return st.sampled_from([m.pk for m in members]) | json_values


def amounts():
    return st.decimals(allow_nan=True, places=3).map(str) | json_values


def no_server_error(response):
    assert response.status_code < 500, response.content


@FUZZ
@given(data=st.data())
def test_expense_bodies(api, group, ann, bob, kid, data):
    member = ids(ann, bob, kid)
    entry = st.fixed_dictionaries({}, optional={"member": member, "value": amounts()})
    payer = st.fixed_dictionaries({}, optional={"member": member, "amount": amounts()})
    body = data.draw(
        st.fixed_dictionaries(
            {},
            optional={
                "description": st.text(max_size=30) | json_values,
                "amount": amounts(),
                "date": st.dates().map(str) | json_values,
                "category": json_values,
                "paid_by": member,
                "payers": st.lists(payer, max_size=3) | json_values,
                "split": st.sampled_from(["equal", "exact", "percent", "shares"]) | json_values,
                "participants": st.lists(entry, max_size=4) | json_values,
            },
        )
        | json_values
    )
    no_server_error(api.post(f"/api/groups/{group.pk}/expenses/", body, format="json"))


@FUZZ
@given(data=st.data())
def test_payment_member_and_manager_bodies(api, group, ann, bob, kid, data):
    member = ids(ann, bob, kid)
    payment = data.draw(
        st.fixed_dictionaries(
            {},
            optional={
                "from_member": member,
                "to_member": member,
                "amount": amounts(),
                "date": json_values,
                "description": json_values,
            },
        )
        | json_values
    )
    new_member = data.draw(
        st.fixed_dictionaries({}, optional={"name": json_values, "username": json_values})
        | json_values
    )
    manager = data.draw(st.fixed_dictionaries({"manager": member}) | json_values)
    base = f"/api/groups/{group.pk}"

    no_server_error(api.post(f"{base}/payments/", payment, format="json"))
    no_server_error(api.post(f"{base}/members/", new_member, format="json"))
    no_server_error(api.patch(f"{base}/members/{kid.pk}/", new_member, format="json"))
    no_server_error(api.put(f"{base}/members/{kid.pk}/manager/", manager, format="json"))
    no_server_error(api.patch(f"{base}/", new_member, format="json"))


@FUZZ
@given(
    params=st.dictionaries(
        st.sampled_from(["date_after", "date_before", "payer", "participant", "kind", "page"]),
        st.text(max_size=25) | st.integers().map(str),
        max_size=4,
    )
)
def test_expense_list_query_strings(api, group, ann, params):
    no_server_error(api.get(f"/api/groups/{group.pk}/expenses/", params))


@FUZZ
@given(raw=st.binary(max_size=60) | st.text(max_size=60).map(str.encode))
def test_raw_bodies(api, group, ann, kid, raw):
    for path in (f"/api/groups/{group.pk}/expenses/", f"/api/groups/{group.pk}/payments/"):
        no_server_error(api.post(path, raw, content_type="application/json"))
    manager = f"/api/groups/{group.pk}/members/{kid.pk}/manager/"
    no_server_error(api.put(manager, raw, content_type="application/json"))
