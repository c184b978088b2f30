"""`hustings sortition POOL.csv --quotas Q.csv --seats N --seed S`: anyone re-runs a published
draw from its files and gets the same panel and each volunteer's chance of selection."""

from __future__ import annotations

import json
from pathlib import Path

from sortition import draw, files
from sortition.lottery import seed_from_dice


class RerunError(Exception):
    """A file or an argument to fix; the message says which and how."""


def _read(path: str) -> str:
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise RerunError(f"cannot read {path}: {e.strerror}.") from None
    text = files.decode(data)
    if text is None:
        raise RerunError(f"{path} is not a text file.")
    return text


def _problems(path: str, problems: list[files.Problem]) -> RerunError:
    shown = "; ".join(str(p) for p in problems[:5])
    more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
    return RerunError(f"{path}: {shown}{more}")


def main(args) -> int:
    seed = seed_from_dice(args.seed)
    if seed is None:
        raise RerunError("--seed is the dice thrown at the draw: at least eight digits from 1 "
                         "to 6, as the public page shows it.")
    quotas, problems = files.read_quotas(_read(args.quotas), args.seats)
    if problems:
        raise _problems(args.quotas, problems)
    pool, problems = files.read_pool(_read(args.pool), list(files.categories(quotas)))
    if problems:
        raise _problems(args.pool, problems)
    houses = args.one_per_household
    answer = draw.run_here(draw.request(pool, quotas, args.seats, seed, houses))
    if "advice" in answer:
        raise RerunError("no panel can be drawn: " + " ".join(answer["advice"]))
    if args.format == "json":
        print(json.dumps(answer, indent=1))
        return 0
    print(f"Panel of {len(answer['members'])} ({answer['version']}, seed {args.seed}):")
    print(" ".join(answer["members"]))
    print("\nEach volunteer's chance of selection:")
    for person, chance in sorted(answer["chance"].items(), key=lambda p: (len(p[0]), p[0])):
        print(f"{person}\t{chance:.4f}")
    return 0
