"""Batch allocation of waiting requests to providers within weekly capacity: pure code, no database.

The problem is a generalised assignment: choose at most one provider per request (packages are
never split), keep each provider within its weekly hours, and maximise the total score of the
pairs chosen. It is solved with HiGHS (through SciPy) in two steps:

1. the linear-programming relaxation, which gives the upper bound and, at a basic solution, a
   whole assignment for all but a few requests (at most about one per capacity constraint);
2. a small mixed-integer program over just those few requests and the capacity left, solved to
   optimality or within `gap`. A problem of up to EXACT_PAIRS pairs (hundreds of requests, the
   usual batch after a provider fails) skips the fixing and is solved exactly as a whole.

Whatever remains unassigned is then offered the capacity still free, best score first. The result
is always feasible and its distance to the LP bound is reported.
"""
import time
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

MINUTES = 60  # hours are compared in whole minutes, so 7.5 hours is exactly 450
EXACT_PAIRS = 20_000  # up to this many eligible pairs, the whole program is solved to optimality


@dataclass(frozen=True)
class AllocationProblem:
    request_ids: Sequence[int]
    hours: Sequence[Decimal | int | float]
    provider_ids: Sequence[int]
    capacity: Sequence[Decimal | int | float]
    pairs: Sequence[tuple[int, int, float]]  # (request index, provider index, score), eligible pairs only


@dataclass(frozen=True)
class Allocation:
    assignment: dict[int, int]  # request id → provider id
    unallocated: list[int]
    score: float
    bound: float
    gap: float
    seconds: float


@dataclass(frozen=True)
class _Arrays:
    need: np.ndarray  # minutes per request
    capacity: np.ndarray  # minutes per provider
    request: np.ndarray  # per pair
    provider: np.ndarray
    score: np.ndarray


def _minutes(values, label: str) -> np.ndarray:
    out = np.array([int(round(float(v) * MINUTES)) for v in values], dtype=np.int64)
    if (out < 0).any():
        raise ValueError(f"{label} cannot be negative")
    return out


def _arrays(problem: AllocationProblem) -> _Arrays:
    n, m = len(problem.request_ids), len(problem.provider_ids)
    if len(problem.hours) != n:
        raise ValueError("Give the hours of every request, in the order of request_ids")
    if len(problem.capacity) != m:
        raise ValueError("Give the capacity of every provider, in the order of provider_ids")
    need, capacity = _minutes(problem.hours, "Hours"), _minutes(problem.capacity, "Capacity")
    pairs = np.array(problem.pairs, dtype=float).reshape(-1, 3)
    request, provider, score = pairs[:, 0].astype(np.int64), pairs[:, 1].astype(np.int64), pairs[:, 2]
    if len(pairs) and (request.min() < 0 or request.max() >= n or provider.min() < 0 or provider.max() >= m):
        raise ValueError("A pair names a request or provider index that does not exist")
    if len(np.unique(request * max(m, 1) + provider)) != len(pairs):
        raise ValueError("A request and provider pair is given twice")
    if not np.isfinite(score).all():
        raise ValueError("Every score must be a finite number")
    # A pair that cannot fit even in an empty provider, or scores nothing, can never help.
    keep = (need[request] <= capacity[provider]) & (score > 0)
    return _Arrays(need=need, capacity=capacity, request=request[keep], provider=provider[keep], score=score[keep])


def _constraints(a: _Arrays, n: int, m: int, cols: np.ndarray):
    k = len(cols)
    one_each = sparse.csr_array((np.ones(k), (a.request[cols], np.arange(k))), shape=(n, k))
    within = sparse.csr_array((a.need[a.request[cols]].astype(float), (a.provider[cols], np.arange(k))),
                              shape=(m, k))
    return one_each, within


def _fill(a: _Arrays, chosen: np.ndarray, left: np.ndarray, order: np.ndarray) -> np.ndarray:
    """Give requests still without a provider the best pair that fits, in `order` of pairs."""
    assigned = np.zeros(len(a.need), dtype=bool)
    assigned[a.request[chosen]] = True
    picked = list(chosen)
    for p in order:
        r, q = a.request[p], a.provider[p]
        if not assigned[r] and a.need[r] <= left[q]:
            assigned[r] = True
            left[q] -= a.need[r]
            picked.append(p)
    return np.array(picked, dtype=np.int64)


def _result(problem, a: _Arrays, chosen: np.ndarray, bound: float, started: float) -> Allocation:
    assignment = {problem.request_ids[a.request[p]]: problem.provider_ids[a.provider[p]] for p in chosen}
    score = float(a.score[chosen].sum()) if len(chosen) else 0.0
    return Allocation(assignment=assignment, unallocated=[r for r in problem.request_ids if r not in assignment],
                      score=score, bound=bound, gap=(bound - score) / bound if bound > 0 else 0.0,
                      seconds=time.perf_counter() - started)


def _check(a: _Arrays, chosen: np.ndarray) -> None:
    used = np.bincount(a.provider[chosen], weights=a.need[a.request[chosen]], minlength=len(a.capacity))
    if (used > a.capacity).any() or len(np.unique(a.request[chosen])) != len(chosen):
        raise RuntimeError("The allocation broke a capacity or split a request; nothing was proposed")


def lp_bound(problem: AllocationProblem) -> float:
    """The linear-programming upper bound on the total score."""
    a = _arrays(problem)
    n, m = len(a.need), len(a.capacity)
    if not len(a.score):
        return 0.0
    return _relaxation(a, n, m)[0]


def _relaxation(a: _Arrays, n: int, m: int) -> tuple[float, np.ndarray]:
    one_each, within = _constraints(a, n, m, np.arange(len(a.score)))
    solved = linprog(-a.score, A_ub=sparse.vstack([one_each, within]).tocsr(),
                     b_ub=np.concatenate([np.ones(n), a.capacity.astype(float)]), bounds=(0, 1), method="highs")
    if solved.status != 0:
        raise RuntimeError(f"The LP relaxation failed: {solved.message}")
    return -float(solved.fun), solved.x


def allocate(problem: AllocationProblem, *, time_limit: float = 8.0, gap: float = 0.004) -> Allocation:
    """The best allocation the solver finds within `time_limit` seconds (optimal for small problems)."""
    started = time.perf_counter()
    a = _arrays(problem)
    n, m = len(a.need), len(a.capacity)
    if not len(a.score):
        return _result(problem, a, np.array([], dtype=np.int64), 0.0, started)
    bound, x = _relaxation(a, n, m)
    if len(a.score) <= EXACT_PAIRS:
        # Small enough to solve the whole program exactly (a few hundred requests at a time).
        whole, left, gap = np.array([], dtype=np.int64), a.capacity.copy(), 0.0
    else:
        whole = np.flatnonzero(x > 1 - 1e-6)
        left = a.capacity - np.bincount(a.provider[whole], weights=a.need[a.request[whole]],
                                        minlength=m).astype(np.int64)
    open_requests = np.setdiff1d(np.arange(n), a.request[whole])
    # The rest: an exact program over the requests the relaxation split, in the capacity left.
    cols = np.flatnonzero(np.isin(a.request, open_requests) & (a.need[a.request] <= left[a.provider]))
    chosen = whole
    if len(cols):
        one_each, within = _constraints(a, n, m, cols)
        remaining = max(time_limit - (time.perf_counter() - started), 0.5)
        solved = milp(-a.score[cols], integrality=np.ones(len(cols)), bounds=Bounds(0, 1),
                      constraints=[LinearConstraint(one_each, -np.inf, 1),
                                   LinearConstraint(within, -np.inf, left.astype(float))],
                      options={"time_limit": remaining, "mip_rel_gap": gap})
        if solved.x is not None:
            extra = cols[solved.x > 0.5]
            chosen = np.concatenate([whole, extra])
            left = left - np.bincount(a.provider[extra], weights=a.need[a.request[extra]], minlength=m).astype(
                np.int64)
    chosen = _fill(a, chosen, left, np.argsort(-a.score, kind="stable"))
    _check(a, chosen)
    return _result(problem, a, chosen, bound, started)


def greedy(problem: AllocationProblem) -> Allocation:
    """First come, first served: each request in turn takes its best-scoring provider with room."""
    started = time.perf_counter()
    a = _arrays(problem)
    order = np.lexsort((-a.score, a.request))  # by request, best score first within it
    chosen = _fill(a, np.array([], dtype=np.int64), a.capacity.copy(), order)
    _check(a, chosen)
    bound = lp_bound(problem) if len(a.score) else 0.0
    return _result(problem, a, chosen, bound, started)
