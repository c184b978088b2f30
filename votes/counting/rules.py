"""The rules of a count: which method, how ballots are read, how ties are broken.

Pure data. `Rules()` is our own primaries' rule set; `rules_from_dict` reads the rule names used
by the RCTab and SB 1288 reference cases (documented in docs/counting.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

METHODS = ("irv", "stv", "bottoms_up", "bottoms_up_threshold")
OVERVOTE_RULES = (
    "exhaust_immediately", "always_skip_to_next_rank", "exhaust_if_multiple_continuing",
)
TIEBREAKS = (
    "previous_round_counts_then_random",
    "use_candidate_order",
    "tie_order",
    "random",
    "generate_permutation",
)
# The vendor label for an overvote whose marked candidates are unknown.
OVERVOTE = "#overvote"


@dataclass(frozen=True)
class Rules:
    method: str = "irv"
    overvote: str = "exhaust_immediately"
    max_skipped_ranks: int | None = None
    max_rankings: int | None = None
    duplicate: str = "skip"
    batch_elimination: bool = False
    batch_style: str = "rctab"
    tiebreak: str = "previous_round_counts_then_random"
    tie_order: tuple[str, ...] = ()
    decimal_places: int = 4
    quota: str = "droop"
    non_integer_threshold: bool = False
    first_round_determines_threshold: bool = False
    continue_until_two_remain: bool = False
    final_two_style: str = "rctab"
    stv_style: str = "rctab"
    one_winner_per_round: bool = False
    undeclared_write_in: str | None = None
    excluded: tuple[str, ...] = ()
    minimum_vote_threshold: int = 0
    stop_after_round: int | None = None
    bottoms_up_threshold_pct: Decimal | None = None
    cutoff_elimination: bool = False
    # RCTab prints one more round after the last election to show the final surpluses moved.
    final_surplus_round: bool = False
    # SB 1288 reports ballots with no marks among the exhausted; RCTab reports them apart.
    blank_is_exhausted: bool = False
    extra: dict[str, object] = field(default_factory=dict, compare=False)


def primary_rules(seats: int) -> Rules:
    """Our own primaries: 1 seat is IRV, more is STV; Droop quota, 4 decimal places."""
    return Rules(method="irv" if seats == 1 else "stv")


def rules_from_dict(method: str, raw: dict[str, object]) -> Rules:
    """Rules from a case file's `rules` object (absent key = default); ValueError if unknown."""
    if method not in METHODS:
        raise ValueError(f"unknown counting method {method!r} (one of {', '.join(METHODS)})")
    overvote = raw.get("overvote", "exhaust_immediately")
    if overvote not in OVERVOTE_RULES:
        raise ValueError(f"unknown overvote rule {overvote!r}")
    tiebreak = raw.get("tiebreak", "previous_round_counts_then_random")
    if tiebreak not in TIEBREAKS:
        raise ValueError(f"unknown tiebreak rule {tiebreak!r}")
    duplicate = raw.get("duplicate", "skip")
    if duplicate not in ("skip", "exhaust"):
        raise ValueError(f"unknown duplicate rule {duplicate!r}")
    quota = raw.get("quota", "droop")
    if quota not in ("droop", "hare"):
        raise ValueError(f"unknown quota {quota!r}")
    pct = raw.get("bottoms_up_threshold_pct")
    stv_style = raw.get("stv_style") or "rctab"
    return Rules(
        method=method,
        overvote=overvote,
        max_skipped_ranks=_opt_int(raw.get("max_skipped_ranks")),
        max_rankings=_opt_int(raw.get("max_rankings")),
        duplicate=duplicate,
        batch_elimination=bool(raw.get("batch_elimination", False)),
        batch_style=raw.get("batch_style") or "rctab",
        tiebreak=tiebreak,
        tie_order=tuple(raw.get("tie_order") or ()),
        decimal_places=int(raw.get("decimal_places", 4)),
        quota=quota,
        non_integer_threshold=bool(raw.get("non_integer_threshold", False)),
        first_round_determines_threshold=bool(raw.get("first_round_determines_threshold", False)),
        continue_until_two_remain=bool(raw.get("continue_until_two_remain", False)),
        final_two_style=raw.get("final_two_style") or "rctab",
        stv_style=stv_style,
        one_winner_per_round=bool(raw.get("one_winner_per_round", False)),
        undeclared_write_in=raw.get("undeclared_write_in") or None,
        excluded=tuple(raw.get("excluded") or ()),
        minimum_vote_threshold=int(raw.get("minimum_vote_threshold") or 0),
        stop_after_round=_opt_int(raw.get("stop_after_round")),
        bottoms_up_threshold_pct=None if pct is None else Decimal(str(pct)),
        cutoff_elimination=bool(raw.get("cutoff_elimination", False)),
        # Case files follow RCTab's report, which shows the final surpluses in an extra round.
        final_surplus_round=stv_style == "rctab",
        blank_is_exhausted="sb1288" in (stv_style, raw.get("batch_style"),
                                        raw.get("final_two_style")),
        extra={"random_seed": raw.get("random_seed")},
    )


def with_method(rules: Rules, method: str | None, seats: int) -> Rules:
    """Override the method (e.g. from the command line); 'irv' needs one seat."""
    if method is None:
        return rules
    if method == "irv" and seats != 1:
        raise ValueError("IRV elects one candidate: use --method stv for more seats")
    return replace(rules, method=method)


def _opt_int(value) -> int | None:
    return None if value is None else int(value)
