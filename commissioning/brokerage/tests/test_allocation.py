"""The batch allocation solver: optimal on small problems (checked by brute force), never over a
capacity, never splitting a package, better than first come first served, and strict on input."""
import itertools
import random

import pytest

from commissioning.brokerage.domain.allocation import AllocationProblem, allocate, greedy, lp_bound


def _problem(hours, capacity, pairs):
    return AllocationProblem(request_ids=[100 + i for i in range(len(hours))], hours=hours,
                             provider_ids=[900 + j for j in range(len(capacity))], capacity=capacity, pairs=pairs)


def _brute_force(hours, capacity, pairs) -> float:
    options = {i: [None] for i in range(len(hours))}
    for i, j, score in pairs:
        options[i].append((j, score))
    best = 0.0
    for choice in itertools.product(*options.values()):
        used = [0.0] * len(capacity)
        total = 0.0
        for i, pick in enumerate(choice):
            if pick is not None:
                used[pick[0]] += hours[i]
                total += pick[1]
        if all(u <= c + 1e-9 for u, c in zip(used, capacity, strict=True)):
            best = max(best, total)
    return best


def _respects(problem, result):
    used = {}
    hours = dict(zip(problem.request_ids, problem.hours, strict=True))
    for request, provider in result.assignment.items():
        used[provider] = used.get(provider, 0) + float(hours[request])
    capacity = dict(zip(problem.provider_ids, problem.capacity, strict=True))
    return all(used[p] <= float(capacity[p]) + 1e-9 for p in used)


def test_the_solver_finds_what_first_come_first_served_misses():
    # Request 0 comes first and takes provider 0, its best; then request 1, which only provider 0
    # can serve, is left waiting. The optimum gives request 0 to provider 1.
    problem = _problem([10, 10], [10, 10], [(0, 0, 80), (0, 1, 75), (1, 0, 90)])
    best, first_come = allocate(problem), greedy(problem)
    assert best.assignment == {100: 901, 101: 900} and best.score == 165
    assert first_come.assignment == {100: 900} and first_come.score == 80
    assert best.bound == pytest.approx(165) and best.gap == pytest.approx(0)


@pytest.mark.parametrize("seed", range(40))
def test_small_random_problems_are_solved_optimally(seed):
    rng = random.Random(seed)
    n, m = rng.randint(1, 6), rng.randint(1, 3)
    hours = [rng.choice([2, 3.5, 5, 7.5, 10]) for _ in range(n)]
    capacity = [rng.choice([0, 5, 10, 12.5, 20]) for _ in range(m)]
    pairs = [(i, j, rng.randint(1, 100)) for i in range(n) for j in range(m) if rng.random() < 0.7]
    problem = _problem(hours, capacity, pairs)
    result = allocate(problem)
    assert result.score == pytest.approx(_brute_force(hours, capacity, pairs))
    assert _respects(problem, result) and _respects(problem, greedy(problem))
    assert result.bound >= result.score - 1e-6
    assert set(result.assignment) | set(result.unallocated) == set(problem.request_ids)


def test_a_package_is_never_split_and_waits_when_nothing_fits():
    problem = _problem([12], [10, 10], [(0, 0, 50), (0, 1, 50)])
    result = allocate(problem)
    assert result.assignment == {} and result.unallocated == [100] and result.score == 0
    assert lp_bound(problem) == 0  # no single provider can take it, so the bound does not pretend


def test_fractional_hours_fill_a_capacity_exactly():
    result = allocate(_problem([7.5, 2.5], [10], [(0, 0, 10), (1, 0, 10)]))
    assert result.assignment == {100: 900, 101: 900}


def test_an_empty_problem_allocates_nothing():
    result = allocate(_problem([], [], []))
    assert result.assignment == {} and result.score == 0 and result.gap == 0


@pytest.mark.parametrize(("hours", "capacity", "pairs", "message"), [
    ([-1], [10], [(0, 0, 5)], "Hours cannot be negative"),
    ([1], [-10], [(0, 0, 5)], "Capacity cannot be negative"),
    ([1], [10], [(0, 3, 5)], "does not exist"),
    ([1], [10], [(0, 0, 5), (0, 0, 6)], "given twice"),
    ([1, 2], [10], [], None),
])
def test_bad_input_is_refused_with_a_reason(hours, capacity, pairs, message):
    problem = _problem(hours, capacity, pairs)
    if message is None:
        problem = AllocationProblem(request_ids=[1], hours=hours, provider_ids=[1], capacity=capacity, pairs=pairs)
        message = "hours of every request"
    with pytest.raises(ValueError, match=message):
        allocate(problem)
