"""Doorstep answers -> themes per ward -> a shortlist. Pure: no I/O, no web.

clauses: split answers and tell demands from "nothing"/praise (no scikit-learn).
vectors: clause vectors, k-means, merging (numpy and scikit-learn, loaded on first use).
themes: the API the review pages use. shortlist: which themes stand, and why the others do not.
"""

from programme.clustering.themes import (
    DEFAULT_BOUNDS,
    Answer,
    Clause,
    Preview,
    Theme,
    WardThemes,
    assign_new,
    cluster,
    cluster_ward,
    mark_not_a_demand,
    merge_themes,
    move_answer,
    preview_recluster,
    rename_theme,
    shortlist,
    sort_clauses,
    split_theme,
)

__all__ = ["DEFAULT_BOUNDS", "Answer", "Clause", "Theme", "WardThemes", "Preview", "cluster",
           "cluster_ward", "sort_clauses", "shortlist", "merge_themes", "split_theme",
           "rename_theme", "mark_not_a_demand", "move_answer", "assign_new", "preview_recluster"]
