"""The workload: a group of registered users, and clients that post and read as fast as the
server answers."""

import http.client
import random
import secrets
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from bench.loadgen.client import ApiClient, Response

MIX = {"expense": 60, "payment": 15, "balances": 25}


@dataclass
class Seed:
    """A group for the load: one registered user per client, and a few guests."""

    group_id: int
    tokens: list[str]
    member_ids: list[int]


def expect(response: Response, status: int, what: str) -> dict:
    if response.status != status:
        raise RuntimeError(f"{what}: expected {status}, got {response.status}: {response.data}")
    return response.data


def seed_group(url: str, users: int, guests: int = 2) -> Seed:
    """Register ``users`` users, put them and ``guests`` guests in one new group."""
    tag = secrets.token_hex(3)
    accounts = []
    for number in range(users):
        username = f"load{tag}u{number}"
        body = {"username": username, "password": secrets.token_urlsafe(16)}
        registered = expect(
            ApiClient(url).call("POST", "/api/auth/register/", body), 201, "register"
        )
        accounts.append((username, registered["token"]))
    owner = ApiClient(url, accounts[0][1])
    group = expect(
        owner.call("POST", "/api/groups/", {"name": f"Load {tag}", "currency": "EUR"}), 201, "group"
    )
    base = f"/api/groups/{group['id']}/members/"
    (admin,) = expect(owner.call("GET", base), 200, "members")["results"]
    member_ids = [admin["id"]]
    new_members = [{"username": username} for username, _ in accounts[1:]]
    new_members += [{"name": f"Guest {number}"} for number in range(guests)]
    for body in new_members:
        member_ids.append(expect(owner.call("POST", base, body), 201, "member")["id"])
    owner.close()
    return Seed(group["id"], [token for _, token in accounts], member_ids)


def expense_body(rng: random.Random, member_ids: list[int]) -> dict:
    """A random valid expense: 1-4 participants, any split, one payer or two."""
    cents = rng.randint(1, 99_999)
    amount = f"{cents / 100:.2f}"
    participants = rng.sample(member_ids, rng.randint(1, min(4, len(member_ids))))
    split = rng.choice(["equal", "shares", "percent", "exact"])
    if split == "equal":
        values = [None] * len(participants)
    elif split == "shares":
        values = [str(rng.randint(1, 3)) for _ in participants]
    else:
        total = 100 if split == "percent" else cents
        if total < len(participants):
            participants, values = participants[:1], [total]
        else:
            cuts = sorted(rng.sample(range(1, total), len(participants) - 1))
            values = [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]
        values = [str(v) if split == "percent" else f"{v / 100:.2f}" for v in values]
    body = {
        "description": rng.choice(["Dinner", "Taxi", "Groceries", "Tickets"]),
        "amount": amount,
        "split": split,
        "participants": [
            {"member": m} if v is None else {"member": m, "value": v}
            for m, v in zip(participants, values, strict=True)
        ],
    }
    payers = rng.sample(member_ids, 2 if cents > 1 and rng.random() < 0.2 else 1)
    if len(payers) == 1:
        body["paid_by"] = payers[0]
    else:
        first = rng.randint(1, cents - 1)
        body["payers"] = [
            {"member": payers[0], "amount": f"{first / 100:.2f}"},
            {"member": payers[1], "amount": f"{(cents - first) / 100:.2f}"},
        ]
    return body


def payment_body(rng: random.Random, member_ids: list[int]) -> dict:
    from_member, to_member = rng.sample(member_ids, 2)
    amount = f"{rng.randint(1, 50_000) / 100:.2f}"
    return {"from_member": from_member, "to_member": to_member, "amount": amount}


@dataclass
class Outcome:
    """One request of the workload and what came of it."""

    op: str
    status: int
    seconds: float
    created: int | None = None
    error: str = ""
    started: float = 0.0  # time.monotonic() when it was sent
    ended: float = 0.0  # and when its answer (or failure) came back
    retry_after: str | None = None
    description: str | None = None  # what a write was labelled with, to find it afterwards


def timed_ops(seconds: float, rng: random.Random, mix: dict = MIX) -> Iterator[str]:
    """Operations in the proportions of ``mix`` until ``seconds`` have passed."""
    deadline = time.monotonic() + seconds
    ops, weights = zip(*mix.items(), strict=True)
    while time.monotonic() < deadline:
        yield rng.choices(ops, weights)[0]


def ops_until(stop: threading.Event, rng: random.Random, mix: dict = MIX) -> Iterator[str]:
    """Operations in the proportions of ``mix`` until ``stop`` is set."""
    ops, weights = zip(*mix.items(), strict=True)
    while not stop.is_set():
        yield rng.choices(ops, weights)[0]


def request_for(op: str, seed: Seed, rng: random.Random) -> tuple[str, str, dict | None]:
    base = f"/api/groups/{seed.group_id}"
    if op == "balances":
        return "GET", f"{base}/balances/", None
    if op == "members":
        return "GET", f"{base}/members/", None
    if op == "payment":
        return "POST", f"{base}/payments/", payment_body(rng, seed.member_ids)
    return "POST", f"{base}/expenses/", expense_body(rng, seed.member_ids)


def drive(
    client: ApiClient,
    seed: Seed,
    ops: Iterable[str],
    rng: random.Random,
    label: str | None = None,
    backoff: float = 0.0,
) -> list[Outcome]:
    """Send ``ops`` one after the other on ``client``'s connection; with ``label``, each
    write carries the description ``LABEL-N``, unique, to be looked for afterwards; after a
    503, wait ``backoff`` seconds before the next."""
    outcomes = []
    for number, op in enumerate(ops):
        method, path, body = request_for(op, seed, rng)
        description = None
        if body is not None and label is not None:
            description = body["description"] = f"{label}-{number}"
        started = time.monotonic()
        try:
            response = client.call(method, path, body)
        except (OSError, http.client.HTTPException) as error:
            ended = time.monotonic()
            outcomes.append(
                Outcome(
                    op, 0, ended - started, None, repr(error), started, ended, None, description
                )
            )
            continue
        created = response.data.get("id") if method == "POST" and response.status == 201 else None
        error = "" if 200 <= response.status < 300 else str(response.data)[:500]
        retry_after = response.headers.get("Retry-After")
        outcomes.append(
            Outcome(
                op,
                response.status,
                response.seconds,
                created,
                error,
                started,
                time.monotonic(),
                retry_after,
                description,
            )
        )
        if response.status == 503 and backoff:
            time.sleep(backoff)
    client.close()
    return outcomes


def run_clients(
    url: str,
    seed: Seed,
    ops_for_client,
    *,
    seed_value: int = 0,
    label: str | None = None,
    backoff: float = 0.0,
) -> list[Outcome]:
    """One thread per token in ``seed``, each sending ``ops_for_client(index, rng)``."""
    results: list[list[Outcome]] = [[] for _ in seed.tokens]
    barrier = threading.Barrier(len(seed.tokens))

    def work(index: int) -> None:
        rng = random.Random(seed_value * 1000 + index)
        client = ApiClient(url, seed.tokens[index])
        barrier.wait()
        own = None if label is None else f"{label}-c{index}"
        results[index] = drive(client, seed, ops_for_client(index, rng), rng, own, backoff)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(seed.tokens))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [outcome for outcomes in results for outcome in outcomes]
