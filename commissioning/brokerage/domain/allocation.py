"""Batch allocation of waiting requests to providers within weekly capacity: pure code, no database.

The problem is a generalised assignment: choose at most one provider per request (a package is
never split), keep each provider within its weekly hours, and maximise the total score of the pairs
chosen. A greedy pass is easy but poor: a request early in the queue takes a provider that a later
request, with nowhere else to go, needed. So the allocation is solved in four steps (ADR 0019):

1. Bound. Allowed to split packages, the problem is a min-cost flow: each request sends its hours
   to providers (or leaves them unplaced), each provider takes at most its capacity, and an hour
   sent from a request to a provider earns the pair's score divided by the request's hours. That is
   exactly the linear-programming relaxation, so the flow's value is the true LP upper bound
   reported with every answer, and OR-Tools solves it in a fraction of the time HiGHS's simplex
   takes over the same relaxation. An optimal flow gives all but a few requests a whole provider.
2. Repair. Those whole choices are kept; the flow is solved again over the split requests in the
   capacity left, keeping the new whole choices, until few split requests remain; an integer
   program (HiGHS) then places those few exactly in what is left.
3. Improve. A local search moves a request to a better provider with room, and lets an unplaced
   request take a provider's place from one who can move elsewhere, in a fixed number of passes.
4. Floor. The first-come greedy answer is computed too and returned if it is better (it never
   should be), so the allocation is never worse than what a broker would otherwise do.

Every step stops on a work limit (rounds, branch-and-bound nodes, passes), never on seconds, so the
same input gives the same answer on a busy machine or a quiet one. A small problem (up to
EXACT_PAIRS pairs) is also solved whole by the integer program, to proven optimality within its
node limit. Capacity is enforced in one place, in whole seconds, so the result never exceeds a
provider's hours whatever tolerance a solver worked to, and never gives a request two providers.
"""
import time
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
from ortools.graph.python import min_cost_flow
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

SECONDS_PER_HOUR = 3600  # whole seconds: exact for quarter hours and for hours given to two decimal places
FLOW_SCALE = 10**9  # integer flow cost per point per second of care, at most: the bound is exact to 1e-9 a second
REPAIR_REQUESTS = 30  # the rounding stops when this few requests are split; the integer program places them
ROUNDS = 20  # at most this many flows over the split requests
REPAIR_MOST = 120  # more split requests than this (were the rounds to stall) go best score first instead
NODE_LIMIT = 1_000  # branch-and-bound nodes for each integer program: a work limit, never seconds
EXACT_PAIRS = 200  # up to this many pairs the whole problem is also solved by the integer program (ADR 0019)
IMPROVE_PASSES = 4  # passes of the local search at most


@dataclass(frozen=True)
class AllocationProblem:
    """Requests waiting, providers with capacity left, and the eligible pairs with their scores.

    Indices in `pairs` refer to positions in `request_ids` and `provider_ids`, so the solver works on
    arrays and the caller keeps its own ids. Only eligible pairs are given; a pair scoring below zero
    would only lower the total, so it is never proposed.
    """

    request_ids: Sequence[int]
    hours: Sequence[Decimal | int | float]  # hours a week, per request
    provider_ids: Sequence[int]
    capacity: Sequence[Decimal | int | float]  # hours a week each provider can still take
    pairs: Sequence[tuple[int, int, float]]  # (request index, provider index, score)


@dataclass(frozen=True)
class Allocation:
    """An allocation, with how far it may be from the best: `gap` is measured against `bound`, the
    true LP relaxation's upper bound on any allocation's score (the optimum lies between `score`
    and `bound`, so the gap overstates the distance to it). `seconds` is for information only:
    nothing in the answer depends on it."""

    assignment: dict[int, int]  # request id -> provider id
    unallocated: list[int]  # request ids, in the order given
    score: float
    bound: float
    gap: float
    seconds: float


@dataclass(frozen=True)
class _Arrays:
    """The problem as arrays; pairs that can never be chosen (negative score, or too big for the
    provider even when empty) are left out."""

    need: np.ndarray  # seconds a week, per request
    capacity: np.ndarray  # seconds a week, per provider
    request: np.ndarray  # per pair
    provider: np.ndarray  # per pair
    score: np.ndarray  # per pair


def _seconds(values: Sequence[Decimal | int | float], label: str, *, round_up: bool) -> np.ndarray:
    """Whole seconds a week. Hours needed round up and capacity rounds down, so that rounding can
    never let an allocation exceed the hours really available."""
    hours = np.array([float(v) for v in values], dtype=float)
    if not np.isfinite(hours).all():
        raise ValueError(f"{label} must be finite numbers")
    if (hours < 0).any():
        raise ValueError(f"{label} cannot be negative")
    scaled = hours * SECONDS_PER_HOUR
    return (np.ceil(scaled - 1e-6) if round_up else np.floor(scaled + 1e-6)).astype(np.int64)


def _index(column: np.ndarray, size: int, label: str) -> np.ndarray:
    whole = column.astype(np.int64)
    wrong = np.flatnonzero((whole != column) | (whole < 0) | (whole >= size))
    if len(wrong):
        raise ValueError(f"Pair {wrong[0]} names {label} index {column[wrong[0]]:g}, which does not exist "
                         f"(there are {size})")
    return whole


def _arrays(problem: AllocationProblem) -> _Arrays:
    n, m = len(problem.request_ids), len(problem.provider_ids)
    if len(problem.hours) != n:
        raise ValueError(f"Give the hours of every request, in the order of request_ids ({n}, not "
                         f"{len(problem.hours)})")
    if len(problem.capacity) != m:
        raise ValueError(f"Give the capacity of every provider, in the order of provider_ids ({m}, not "
                         f"{len(problem.capacity)})")
    if len(set(problem.request_ids)) != n:
        raise ValueError("A request id is given twice")
    if len(set(problem.provider_ids)) != m:
        raise ValueError("A provider id is given twice")
    need = _seconds(problem.hours, "Hours", round_up=True)
    capacity = _seconds(problem.capacity, "Capacity", round_up=False)
    try:
        pairs = np.array(problem.pairs, dtype=float).reshape(-1, 3)
    except ValueError as error:
        raise ValueError("Each pair must be (request index, provider index, score)") from error
    request = _index(pairs[:, 0], n, "request")
    provider = _index(pairs[:, 1], m, "provider")
    score = pairs[:, 2]
    if not np.isfinite(score).all():
        raise ValueError("Every score must be a finite number")
    _, first, count = np.unique(request * m + provider, return_index=True, return_counts=True)
    if (count > 1).any():
        twice = first[np.argmax(count > 1)]
        raise ValueError(f"The pair of request {request[twice]} and provider {provider[twice]} is given twice")
    keep = (score >= 0) & (need[request] <= capacity[provider])
    return _Arrays(need=need, capacity=capacity, request=request[keep], provider=provider[keep], score=score[keep])


def _matrices(a: _Arrays, cols: np.ndarray) -> tuple[sparse.csr_array, sparse.csr_array]:
    """Rows "one provider at most" per request and "within capacity" per provider, over the pairs `cols`."""
    k = np.arange(len(cols))
    one_each = sparse.csr_array((np.ones(len(cols)), (a.request[cols], k)), shape=(len(a.need), len(cols)))
    within = sparse.csr_array((a.need[a.request[cols]].astype(float), (a.provider[cols], k)),
                              shape=(len(a.capacity), len(cols)))
    return one_each, within


def _flow(a: _Arrays, cols: np.ndarray, capacity: np.ndarray) -> tuple[np.ndarray, float]:
    """The LP relaxation over the pairs `cols` (every one needing some hours) within `capacity`, as a
    min-cost flow in seconds: the seconds sent along each pair, and how much the integer costs can
    have moved the flow's value (its true value is within that of the relaxation's optimum).

    An arc from each request to each of its providers carries up to its hours at minus the pair's
    score per second; each provider passes up to its capacity to the sink, and each request may
    send its hours straight there unplaced at no cost. Costs are rounded to integers (OR-Tools
    works in integers) at FLOW_SCALE, coarser only where needed so that neither OR-Tools's cost
    scaling (which multiplies costs by the number of nodes) nor the total cost can overflow 64 bits.
    """
    requests = np.unique(a.request[cols])
    local = np.full(len(a.need), -1, dtype=np.int64)
    local[requests] = np.arange(len(requests))
    r, m = len(requests), len(a.capacity)
    sink = r + m
    need = a.need[a.request[cols]]
    unit = a.score[cols] / need
    supply = a.need[requests]
    total = int(supply.sum())
    largest = max(float(unit.max(initial=0.0)), 1e-12)
    scale = min(FLOW_SCALE, 2**60 / ((sink + 2) * largest), 2**60 / (largest * max(total, 1)))
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        np.concatenate([local[a.request[cols]], r + np.arange(m), np.arange(r)]),
        np.concatenate([r + a.provider[cols], np.full(m, sink), np.full(r, sink)]),
        np.concatenate([need, capacity, supply]),
        np.concatenate([-np.rint(unit * scale).astype(np.int64), np.zeros(m + r, dtype=np.int64)]))
    flow.set_nodes_supplies(np.arange(sink + 1), np.concatenate([supply, np.zeros(m, dtype=np.int64), [-total]]))
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"The allocation's min-cost flow did not solve ({status})")
    return flow.flows(np.arange(len(cols))), total / scale


def _positive(a: _Arrays) -> np.ndarray:
    return np.flatnonzero(a.need[a.request] > 0)


def _free(a: _Arrays) -> np.ndarray:
    """Pairs of requests needing no hours: they take no capacity, so each simply has its best pair."""
    return np.flatnonzero(a.need[a.request] == 0)


def _bound(a: _Arrays, cols: np.ndarray, flows: np.ndarray, margin: float) -> float:
    """The LP upper bound: the flow's value, plus what rounding its costs can have hidden, plus the
    best score of each request needing no hours."""
    best = np.zeros(len(a.need))
    free = _free(a)
    np.maximum.at(best, a.request[free], a.score[free])
    return float((flows / a.need[a.request[cols]] * a.score[cols]).sum()) + margin + float(best.sum())


def _exact(a: _Arrays, cols: np.ndarray, capacity: np.ndarray, node_limit: int) -> np.ndarray:
    """The best pairs among `cols` within `capacity` that HiGHS finds within `node_limit`
    branch-and-bound nodes (none if it finds none)."""
    if not len(cols):
        return np.array([], dtype=np.int64)
    one_each, within = _matrices(a, cols)
    solved = milp(-a.score[cols], integrality=np.ones(len(cols)), bounds=Bounds(0, 1),
                  constraints=[LinearConstraint(one_each, -np.inf, 1),
                               LinearConstraint(within, -np.inf, capacity.astype(float))],
                  options={"node_limit": node_limit, "mip_rel_gap": 0.0, "presolve": True})
    return cols[solved.x > 0.5] if solved.x is not None else np.array([], dtype=np.int64)


def _repaired(a: _Arrays, cols: np.ndarray, flows: np.ndarray, node_limit: int) -> np.ndarray:
    """Whole packages from the flow: keep the pairs carrying a request's hours whole, solve the flow
    again over the requests it split in the capacity left, and so on until few are split (or a
    round keeps none); those few are then placed by the integer program (unless the rounds stalled
    with more than REPAIR_MOST split, which would make it slow). Pairs only, not yet checked
    against capacity (see _completed)."""
    kept = [_free(a)]
    left = a.capacity.copy()
    for _ in range(ROUNDS):
        whole = cols[flows == a.need[a.request[cols]]]
        kept.append(whole)
        left = left - _used(a, whole).astype(np.int64)
        placed = np.zeros(len(a.need), dtype=bool)
        placed[a.request[whole]] = True
        split = np.zeros(len(a.need), dtype=bool)
        split[a.request[cols[flows > 0]]] = True
        split &= ~placed
        cols = cols[split[a.request[cols]] & (a.need[a.request[cols]] <= left[a.provider[cols]])]
        if not len(whole) or len(np.unique(a.request[cols])) <= REPAIR_REQUESTS:
            break
        flows, _ = _flow(a, cols, np.maximum(left, 0))
    if len(np.unique(a.request[cols])) <= REPAIR_MOST:  # else _completed places them, best score first
        kept.append(_exact(a, cols, np.maximum(left, 0), node_limit))
    return np.concatenate(kept)


def _admit(a: _Arrays, order: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    """Take pairs in `order`, each if its request has no provider yet and it fits in what is left.

    The single place capacity is enforced, in whole seconds: solver answers pass through here first
    and are then completed, so tolerances or a time limit can never produce an infeasible result.
    """
    need, left, placed, picked = a.need.tolist(), capacity.tolist(), [False] * len(a.need), []
    for p, r, q in zip(order.tolist(), a.request[order].tolist(), a.provider[order].tolist(), strict=True):
        if not placed[r] and need[r] <= left[q]:
            placed[r] = True
            left[q] -= need[r]
            picked.append(p)
    return np.array(picked, dtype=np.int64)


def _completed(a: _Arrays, chosen: np.ndarray, by_score: np.ndarray) -> np.ndarray:
    """`chosen` made feasible (best first) and completed with the best pairs that still fit (only
    pairs of requests still waiting that fit now are worth looking at: capacity only shrinks)."""
    first = _admit(a, chosen[np.argsort(-a.score[chosen], kind="stable")], a.capacity)
    left = a.capacity - _used(a, first).astype(np.int64)
    placed = np.zeros(len(a.need), dtype=bool)
    placed[a.request[first]] = True
    fits = ~placed[a.request[by_score]] & (a.need[a.request[by_score]] <= left[a.provider[by_score]])
    return np.concatenate([first, _admit(a, by_score[fits], left)])


def _used(a: _Arrays, chosen: np.ndarray) -> np.ndarray:
    return np.bincount(a.provider[chosen], weights=a.need[a.request[chosen]], minlength=len(a.capacity))


def _improved(a: _Arrays, chosen: np.ndarray, passes: int) -> np.ndarray:
    """A feasible allocation made better by two moves, tried in a fixed order for at most `passes`
    passes: a request moves to a better-scoring provider with room (or, unplaced, takes one), and an
    unplaced request takes a provider's place from one already there who moves to another provider
    with room or, if that still gains, waits instead. Every move raises the total and keeps every
    capacity, so the answer is feasible after any number of them."""
    n = len(a.need)
    need, request, provider, score = a.need.tolist(), a.request.tolist(), a.provider.tolist(), a.score.tolist()
    order = np.lexsort((-a.score, a.request))  # by request, each request's pairs best first
    starts = np.searchsorted(a.request[order], np.arange(n + 1)).tolist()
    flat = order.tolist()
    options = [flat[starts[r]:starts[r + 1]] for r in range(n)]
    at = [-1] * n
    on: list[dict[int, None]] = [{} for _ in a.capacity]  # requests at each provider, in the order they came
    left = a.capacity.tolist()
    for p in chosen.tolist():
        at[request[p]] = p
        on[provider[p]][request[p]] = None
        left[provider[p]] -= need[request[p]]

    def move(r: int, p: int) -> None:
        old = at[r]
        if old >= 0:
            del on[provider[old]][r]
            left[provider[old]] += need[r]
        at[r] = p
        if p >= 0:
            on[provider[p]][r] = None
            left[provider[p]] -= need[r]

    def better_room(r: int, than: float, avoid: int) -> int:
        for p in options[r]:
            if score[p] <= than:
                break
            if provider[p] != avoid and need[r] <= left[provider[p]]:
                return p
        return -1

    for _ in range(passes):
        changed = False
        for r in range(n):
            if not options[r] or at[r] == options[r][0]:
                continue  # nothing to choose from, or already at its best
            current = score[at[r]] if at[r] >= 0 else -1.0
            p = better_room(r, current, provider[at[r]] if at[r] >= 0 else -1)
            if p >= 0:
                move(r, p)
                changed = True
        for r in range(n):
            if at[r] >= 0:
                continue
            for p in options[r]:
                q, short = provider[p], need[r] - left[provider[p]]
                if short <= 0:
                    move(r, p)
                    changed = True
                    break
                best_gain, best = 0.0, None
                for other in on[q]:
                    if need[other] < short:
                        continue
                    elsewhere = better_room(other, -1.0, q)
                    gain = score[p] - score[at[other]] + (score[elsewhere] if elsewhere >= 0 else 0.0)
                    if gain > best_gain + 1e-9:
                        best_gain, best = gain, (other, elsewhere)
                if best is not None:
                    other, elsewhere = best
                    move(other, elsewhere)
                    move(r, p)
                    changed = True
                    break
        if not changed:
            break
    return np.array([p for p in at if p >= 0], dtype=np.int64)


def _result(problem: AllocationProblem, a: _Arrays, chosen: np.ndarray, bound: float, started: float) -> Allocation:
    assignment = {problem.request_ids[r]: problem.provider_ids[q]
                  for r, q in zip(a.request[chosen].tolist(), a.provider[chosen].tolist(), strict=True)}
    score = float(a.score[chosen].sum())
    bound = max(bound, score)  # the LP bound is exact only to the solver's tolerance
    return Allocation(assignment=assignment, unallocated=[r for r in problem.request_ids if r not in assignment],
                      score=score, bound=bound, gap=(bound - score) / bound if bound > 0 else 0.0,
                      seconds=time.perf_counter() - started)




def _first_come(a: _Arrays) -> np.ndarray:
    return _admit(a, np.lexsort((-a.score, a.request)), a.capacity)


def _relaxation(a: _Arrays) -> tuple[np.ndarray, np.ndarray, float]:
    """The pairs needing hours, the flow along each, and the true LP bound."""
    cols = _positive(a)
    if not len(cols):
        return cols, np.array([], dtype=np.int64), _bound(a, cols, np.array([], dtype=np.int64), 0.0)
    flows, margin = _flow(a, cols, a.capacity)
    return cols, flows, _bound(a, cols, flows, margin)


def lp_bound(problem: AllocationProblem) -> float:
    """The linear-programming upper bound on the total score of any allocation, computed exactly as
    a min-cost flow (to within FLOW_SCALE's rounding, which it adds)."""
    return _relaxation(_arrays(problem))[2]


def allocate(problem: AllocationProblem, *, node_limit: int = NODE_LIMIT) -> Allocation:
    """The allocation by flow, repair and local search, never worse than first come first served.

    It stops on work limits only (`node_limit` branch-and-bound nodes for each integer program,
    and the module's ROUNDS and IMPROVE_PASSES), so the same problem always gives the same answer.
    Its gap is reported against the true LP bound.
    """
    started = time.perf_counter()
    a = _arrays(problem)
    if not len(a.score):
        return _result(problem, a, np.array([], dtype=np.int64), 0.0, started)
    by_score = np.argsort(-a.score, kind="stable")
    cols, flows, bound = _relaxation(a)
    repaired = _repaired(a, cols, flows, node_limit) if len(cols) else _free(a)
    candidates = [_improved(a, _completed(a, repaired, by_score), IMPROVE_PASSES), _first_come(a)]
    if len(a.score) <= EXACT_PAIRS:
        candidates.append(_completed(a, _exact(a, np.arange(len(a.score)), a.capacity, node_limit), by_score))
    totals = [float(a.score[c].sum()) for c in candidates]
    chosen = candidates[int(np.argmax(totals))]  # the first of the best, so a tie keeps the flow's answer
    return _result(problem, a, chosen, bound, started)


def greedy(problem: AllocationProblem) -> Allocation:
    """First come, first served, the baseline a broker would otherwise follow: each request in the
    order given takes its best-scoring provider with room left. Its gap is against the same bound."""
    started = time.perf_counter()
    a = _arrays(problem)
    if not len(a.score):
        return _result(problem, a, np.array([], dtype=np.int64), 0.0, started)
    return _result(problem, a, _first_come(a), _relaxation(a)[2], started)
