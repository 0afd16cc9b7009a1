"""Batch allocation of waiting requests to providers within weekly capacity: pure code, no database.

The problem is a generalised assignment: choose at most one provider per request (a package is
never split), keep each provider within its weekly hours, and maximise the total score of the pairs
chosen. A greedy pass is easy but poor: a request early in the queue takes a provider that a later
request, with nowhere else to go, needed. So the allocation is solved with HiGHS (through SciPy):

1. The linear-programming relaxation gives the upper bound reported with every answer and, at a
   basic solution, a whole provider for all but about one request per provider (the split ones).
2. Rounding: those whole choices are kept and an integer program places the split and unplaced
   requests in the capacity left. This is fast and, in a large batch where few requests are split,
   close to the bound.
3. Core: in a smaller batch one request in every few is split and rounding loses more, so an
   integer program is solved over the "core" of pairs that the relaxation's reduced costs say are
   worth considering. When the reduced-cost test shows that no pair outside the core can take part
   in a better allocation, that program is exact; otherwise the core is the pairs nearly as good as
   the relaxation's choices, a small program that HiGHS solves far better in a few seconds than it
   solves the whole one.

The better of the two allocations is then completed best score first with any capacity still free.
Capacity is enforced in one place, in whole seconds, so the result never exceeds a provider's hours
whatever tolerance the solver worked to, and never gives a request two providers.
"""
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

SECONDS_PER_HOUR = 3600  # whole seconds: exact for quarter hours and for hours given to two decimal places
EXACT_CORE_PAIRS = 1_000  # up to this many pairs the reduced-cost core is solved even when it is all of them
CORE_PAIRS = 12_000  # beyond this HiGHS does no better on the core in seconds than rounding did: rounding alone
CORE_SLACK = 0.04  # the heuristic core: pairs within 4% of the mean score of being worth choosing
FRACTIONAL = 1e-6  # a relaxation value further than this from 0 or 1 counts as split
MIN_SOLVE_SECONDS = 0.05  # too little time left to start HiGHS usefully


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
    relaxation's upper bound on any allocation's score, so it overstates the distance to the optimum."""

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


@dataclass(frozen=True)
class _Relaxation:
    bound: float
    x: np.ndarray  # per pair, in [0, 1]
    cost: np.ndarray  # per pair: how much choosing it would lower the bound (the reduced cost)
    dual_bound: float  # the bound recomputed from the duals, for the reduced-cost test


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


def _relax(a: _Arrays, time_limit: float) -> _Relaxation | None:
    """The LP relaxation by dual simplex, so the solution is basic (few split requests); None when it
    does not finish within `time_limit`."""
    one_each, within = _matrices(a, np.arange(len(a.score)))
    rhs = np.concatenate([np.ones(len(a.need)), a.capacity.astype(float)])
    solved = linprog(-a.score, A_ub=sparse.vstack([one_each, within]).tocsr(), b_ub=rhs, bounds=(0, 1),
                     method="highs-ds", options={"time_limit": max(time_limit, 0.0)})
    if solved.status != 0:
        return None
    duals = np.maximum(-solved.ineqlin.marginals, 0.0)  # per row, >= 0 in the maximising sense
    cost = one_each.T @ duals[:len(a.need)] + within.T @ duals[len(a.need):] - a.score
    return _Relaxation(bound=-float(solved.fun), x=np.clip(solved.x, 0.0, 1.0), cost=cost,
                       dual_bound=float(duals @ rhs + np.maximum(-cost, 0.0).sum()))


def _solve(a: _Arrays, cols: np.ndarray, capacity: np.ndarray, time_limit: float, gap: float) -> np.ndarray:
    """The best pairs among `cols` within `capacity` that HiGHS finds in time (none if it finds none)."""
    if not len(cols) or time_limit < MIN_SOLVE_SECONDS:
        return np.array([], dtype=np.int64)
    one_each, within = _matrices(a, cols)
    solved = milp(-a.score[cols], integrality=np.ones(len(cols)), bounds=Bounds(0, 1),
                  constraints=[LinearConstraint(one_each, -np.inf, 1),
                               LinearConstraint(within, -np.inf, capacity.astype(float))],
                  options={"time_limit": time_limit, "mip_rel_gap": gap})
    return cols[solved.x > 0.5] if solved.x is not None else np.array([], dtype=np.int64)


def _admit(a: _Arrays, order: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    """Take pairs in `order`, each if its request has no provider yet and it fits in what is left.

    The single place capacity is enforced, in whole seconds: solver answers pass through here first
    and are then completed, so tolerances or a time limit can never produce an infeasible result.
    """
    need, request, provider = a.need.tolist(), a.request.tolist(), a.provider.tolist()
    left, placed, picked = capacity.tolist(), [False] * len(need), []
    for p in order.tolist():
        r, q = request[p], provider[p]
        if not placed[r] and need[r] <= left[q]:
            placed[r] = True
            left[q] -= need[r]
            picked.append(p)
    return np.array(picked, dtype=np.int64)


def _completed(a: _Arrays, chosen: np.ndarray, by_score: np.ndarray) -> np.ndarray:
    """`chosen` made feasible (best first) and completed with the best pairs that still fit."""
    return _admit(a, np.concatenate([chosen[np.argsort(-a.score[chosen], kind="stable")], by_score]), a.capacity)


def _used(a: _Arrays, chosen: np.ndarray) -> np.ndarray:
    return np.bincount(a.provider[chosen], weights=a.need[a.request[chosen]], minlength=len(a.capacity))


def _core(a: _Arrays, relaxed: _Relaxation, incumbent: float) -> np.ndarray | None:
    """Pairs for the core program, or None when it would be too large to help."""
    support = relaxed.x > FRACTIONAL
    # Choosing a pair lowers the bound by at least its reduced cost, so a pair costing more than the
    # bound's lead over the incumbent cannot be part of a better allocation.
    exact = support | (relaxed.cost <= relaxed.dual_bound - incumbent + 1e-9)
    if exact.sum() <= EXACT_CORE_PAIRS:
        return np.flatnonzero(exact)
    near = support | (relaxed.cost <= CORE_SLACK * float(a.score.mean()))
    return np.flatnonzero(near) if near.sum() <= CORE_PAIRS else None


def _result(problem: AllocationProblem, a: _Arrays, chosen: np.ndarray, bound: float, started: float) -> Allocation:
    assignment = {problem.request_ids[r]: problem.provider_ids[q]
                  for r, q in zip(a.request[chosen].tolist(), a.provider[chosen].tolist(), strict=True)}
    score = float(a.score[chosen].sum())
    bound = max(bound, score)  # the LP bound is exact only to the solver's tolerance
    return Allocation(assignment=assignment, unallocated=[r for r in problem.request_ids if r not in assignment],
                      score=score, bound=bound, gap=(bound - score) / bound if bound > 0 else 0.0,
                      seconds=time.perf_counter() - started)


def lp_bound(problem: AllocationProblem) -> float:
    """The linear-programming upper bound on the total score of any allocation."""
    a = _arrays(problem)
    relaxed = _relax(a, math.inf) if len(a.score) else None
    return relaxed.bound if relaxed is not None else 0.0


def allocate(problem: AllocationProblem, *, time_limit: float = 8.0, gap: float = 0.004) -> Allocation:
    """The best allocation HiGHS finds within about `time_limit` seconds.

    `gap` is the relative gap at which each integer program may stop; the Allocation reports the
    honest gap to the LP bound. With gap=0 a small problem is solved to proven optimality.
    """
    started = time.perf_counter()
    a = _arrays(problem)
    if not len(a.score):
        return _result(problem, a, np.array([], dtype=np.int64), 0.0, started)
    deadline = started + time_limit
    by_score = np.argsort(-a.score, kind="stable")
    relaxed = _relax(a, time_limit)
    if relaxed is None:
        # No time even for the relaxation: best score first, against the bound of each request's best pair.
        best = np.zeros(len(a.need))
        np.maximum.at(best, a.request, a.score)
        return _result(problem, a, _admit(a, by_score, a.capacity), float(best.sum()), started)
    whole = np.flatnonzero(relaxed.x > 1 - FRACTIONAL)
    left = a.capacity - _used(a, whole).astype(np.int64)
    placed = np.zeros(len(a.need), dtype=bool)
    placed[a.request[whole]] = True
    rest = np.flatnonzero(~placed[a.request] & (a.need[a.request] <= left[a.provider]))
    chosen = _completed(a, np.concatenate([whole, _solve(a, rest, left, deadline - time.perf_counter(), gap)]),
                        by_score)
    core = _core(a, relaxed, float(a.score[chosen].sum()))
    if core is not None:
        found = _completed(a, _solve(a, core, a.capacity, deadline - time.perf_counter(), gap), by_score)
        if a.score[found].sum() > a.score[chosen].sum():
            chosen = found
    return _result(problem, a, chosen, relaxed.bound, started)


def greedy(problem: AllocationProblem) -> Allocation:
    """First come, first served, the baseline a broker would otherwise follow: each request in the
    order given takes its best-scoring provider with room left."""
    started = time.perf_counter()
    a = _arrays(problem)
    chosen = _admit(a, np.lexsort((-a.score, a.request)), a.capacity)
    relaxed = _relax(a, math.inf) if len(a.score) else None
    return _result(problem, a, chosen, relaxed.bound if relaxed is not None else 0.0, started)
