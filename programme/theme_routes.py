"""An organiser's review of one ward's themes: find them, rename, merge, split, move an answer,
mark "not a demand", sort new answers in, and re-cluster after a preview.

scikit-learn takes seconds to import and clustering thousands of answers takes seconds to run:
a full clustering run, its preview and sorting new answers in happen in a child process
(programme/worker.py), a smaller edit on a thread (benchmarks/theme_stall.py measures both), so
the server keeps answering phones meanwhile. Each page carries the version of the themes it
shows: an edit made from an older version is refused (theme_store.save), on any worker.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial
from urllib.parse import quote

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.routing import Route

import web
from programme import theme_store, themes, worker
from programme.answers import tidy
from programme.themes import Refused, Saved
from programme.ward_routes import ward_in_path

MAX_LABEL = 120
DONE = {  # what the page says after each change
    "themes found": "Themes found. Check them from the top: the shortlist is what the assembly "
                    "will vote on.",
    "new answers sorted": "New answers sorted into the nearest themes.",
    "theme renamed": "Theme renamed.", "themes merged": "Themes merged.",
    "theme split": "Theme split.", "theme marked": "Theme marked.",
    "answer moved": "Answer moved.", "themes re-clustered": "Themes re-clustered.",
}
LISTS = {"waiting": "unsorted", "no-demand": "no demand"}  # answer lists besides the themes
PAGE = 100  # answers on one page of a list
STALE = ("Someone else changed this ward's themes after you opened this page, so your change "
         "was not saved. Here they are as they are now: make your change again if it is still "
         "needed.")


def _seen(data: dict, saved: Saved | None) -> int:
    """The version of the themes the form was made from (its page's), or else the current."""
    seen = web.int_param(data.get("version"))
    return (saved.run.version if saved else 0) if seen is None else seen


def _changed(seen: int, saved: Saved | None) -> bool:
    return seen != (saved.run.version if saved else 0)


async def render_review(request: Request, error: str | None = None, status: int = 200,
                        preview: dict | None = None):
    db = request.app.state.db
    ward = await ward_in_path(request)
    saved = await theme_store.saved(db, ward.id)
    return web.render(request, "programme/themes.html", {
        "ward": ward, "saved": saved, "error": error, "preview": preview,
        "answers": len(await theme_store.answers(db, ward.id)),
        "new": await theme_store.new_answers(db, ward.id),
        "counts": await theme_store.counts(db, ward.id),
        "done": DONE.get(request.query_params.get("done", "")),
        "defaults": themes.default_bounds(), "most": themes.MAX_THEMES,
    }, status)


@web.organiser_only
async def review(request: Request):
    return await render_review(request)


@web.organiser_only
async def answer_list(request: Request):
    """The answers in one theme, waiting for the organiser, or asking for nothing: a page of
    PAGE at a time (?page=N; past the last page, the last)."""
    return await _list_page(request, request.path_params["which"], web.page_number(request))


async def _list_page(request: Request, which: str, number: int, error: str | None = None,
                     status: int = 400):
    """Page `number` of the list `which` (a theme's id, "waiting" or "no-demand"); with `error`,
    the sentence an edit from this page was refused with (and `status`)."""
    db = request.app.state.db
    ward = await ward_in_path(request)
    saved = await theme_store.saved(db, ward.id)
    theme, place, theme_id = None, LISTS.get(which), None
    if saved is None:
        raise HTTPException(404)
    if place is None:
        theme = saved.theme(web.int_param(which) or 0)
        if theme is None:
            raise HTTPException(404)
        place, theme_id = "theme", theme.id
    rows, page = await web.paged(partial(theme_store.theme_members, db, ward.id, place,
                                         theme_id), number, PAGE)
    return web.render(request, "programme/theme_answers.html", {
        "ward": ward, "saved": saved, "theme": theme, "which": which, "rows": rows,
        "page": page, "error": error,
        "done": None if error else DONE.get(request.query_params.get("done", ""))},
        status if error else 200)


# --- the edits: one way for all of them -----------------------------------------------------

def _theme(data: dict, saved: Saved, name: str = "theme") -> int:
    """The index of the theme a form field names, or Refused."""
    theme_id = web.int_param(data.get(name))
    if theme_id is None:
        raise Refused("Choose one of the ward's themes.")
    return saved.index(theme_id)


async def _edit(request: Request, kind: str,
                plan: Callable[[dict, Saved], Callable]):
    """Parse and check the form against the stored themes (`plan`, which returns the change as a
    function of the ward's `WardThemes` giving the new one and a line for the log), run it on a
    thread, store the result. Bad input: the page again with a sentence, nothing changed."""
    db = request.app.state.db
    ward = await ward_in_path(request)
    data = await web.form(request)
    back, page = data.get("back", ""), web.int_param(data.get("page")) or 1
    saved = await theme_store.saved(db, ward.id)
    if saved is None:
        return await render_review(request, "Find this ward's themes first.", 400)
    seen = _seen(data, saved)
    try:
        if _changed(seen, saved):
            raise theme_store.Stale
        change = plan(data, saved)
        texts = await theme_store.answers(db, ward.id)
        rows, detail = await asyncio.to_thread(_apply, saved, texts, change)
        await theme_store.save(db, ward.id, seen, *rows, web.actor(request), kind, detail)
    except (Refused, ValueError, theme_store.Stale) as e:
        stale = isinstance(e, theme_store.Stale)
        error, status = (STALE, 409) if stale else (str(e), 400)
        if stale:  # the list as it is now, if the theme it lists is still there
            saved = await theme_store.saved(db, ward.id)
        if back in LISTS or (web.int_param(back) and saved.theme(int(back))):
            return await _list_page(request, back, page, error, status)  # where the form was
        return await render_review(request, error, status)
    if back in LISTS or (web.int_param(back) and _still(rows[0], int(back))):
        return web.redirect(f"/o/wards/{ward.id}/themes/{back}?done={quote(kind)}"
                            + (f"&page={page}" if page > 1 else ""))
    return web.redirect(f"/o/wards/{ward.id}/themes?done={quote(kind)}")


def _still(rows: list[themes.ThemeRow], theme_id: int) -> bool:
    return any(t.id == theme_id for t in rows)


def _apply(saved: Saved, texts: dict[int, str], change: Callable):
    ward = themes.to_ward(saved, texts)
    new, detail = change(ward)
    return themes.to_rows(new, saved), detail


def _label(saved: Saved, i: int) -> str:
    return f"{saved.themes[i].label[:60]!r}"


def _rename(data: dict, saved: Saved) -> Callable:
    i = _theme(data, saved)
    label = tidy(data.get("label", ""))
    if not label:
        raise Refused("Type the theme's new name.")
    if len(label) > MAX_LABEL:
        raise Refused(f"That name is too long: at most {MAX_LABEL} characters.")

    def change(ward):
        from programme.clustering import rename_theme
        return rename_theme(ward, i, label), f"{_label(saved, i)} renamed {label[:60]!r}"
    return change


def _merge(data: dict, saved: Saved) -> Callable:
    i, j = _theme(data, saved), _theme(data, saved, "into")
    if i == j:
        raise Refused("Choose two different themes to merge.")

    def change(ward):
        from programme.clustering import merge_themes
        return (merge_themes(ward, [j, i]),
                f"{_label(saved, i)} merged into {_label(saved, j)}")
    return change


def _split(data: dict, saved: Saved) -> Callable:
    i = _theme(data, saved)
    raw = data.get("k", "").strip()
    k = web.int_param(raw) if raw else None
    if raw and (k is None or not 2 <= k <= 10):
        raise Refused("Split into a whole number of themes from 2 to 10, or leave it blank.")
    if saved.themes[i].respondents < 2:
        raise Refused("A theme of one answer cannot be split.")

    def change(ward):
        from programme.clustering import split_theme
        new = split_theme(ward, i, k)
        if new is ward:
            raise Refused(f"{_label(saved, i)} could not be split: its answers are too alike. "
                          "Move single answers out of it instead.")
        return new, f"{_label(saved, i)} split in {len(new.themes) - len(ward.themes) + 1}"
    return change


def _mark(data: dict, saved: Saved) -> Callable:
    i = _theme(data, saved)
    if data.get("value") not in ("yes", "no"):
        raise Refused("Say whether the theme is a demand.")
    value = data["value"] == "yes"

    def change(ward):
        from programme.clustering import mark_not_a_demand
        what = "marked not a demand" if value else "marked a demand again"
        return mark_not_a_demand(ward, i, value), f"{_label(saved, i)} {what}"
    return change


def _move(data: dict, saved: Saved) -> Callable:
    """One answer, or one part of it (the form's `part`: a clause of that answer), to a theme or
    to "no demand"."""
    answer = web.int_param(data.get("answer"))
    if answer is None or all(m.doorstep_id != answer for m in saved.members):
        raise Refused("That answer is not one of this ward's sorted answers. Look at the page "
                      "again.")
    part = data.get("part") or None
    if part is not None and all(m.doorstep_id != answer or m.clause != part
                                for m in saved.members):
        raise Refused("That part of the answer is no longer where it was (it was moved or "
                      "re-sorted). Look at the page again.")
    to = None if data.get("to") == "no-demand" else _theme(data, saved, "to")

    def change(ward):
        from programme.clustering import move_answer
        where = "no demand" if to is None else _label(saved, to)
        what = f"answer {answer}" if part is None else f"{part[:60]!r} of answer {answer}"
        return move_answer(ward, str(answer), to, part), f"{what} moved to {where}"
    return change


async def _sort_new(request: Request):
    """New answers join the nearest theme; those near none wait for the organiser."""
    db = request.app.state.db
    ward = await ward_in_path(request)
    data = await web.form(request)
    saved = await theme_store.saved(db, ward.id)
    if saved is None:
        return await render_review(request, "Find this ward's themes first.", 400)
    seen = _seen(data, saved)
    if _changed(seen, saved):
        return await render_review(request, STALE, 409)
    texts = await theme_store.answers(db, ward.id)
    known = {m.doorstep_id for m in saved.members}
    fresh = {i: t for i, t in texts.items() if i not in known}
    if not fresh:
        return await render_review(request, "There are no new answers to sort.", 400)
    rows, detail = await worker.run(themes.sort_new, saved, texts, fresh)
    try:
        await theme_store.save(db, ward.id, seen, *rows, web.actor(request),
                               "new answers sorted", detail)
    except theme_store.Stale:
        return await render_review(request, STALE, 409)
    return web.redirect(f"/o/wards/{ward.id}/themes?done={quote('new answers sorted')}")


# --- clustering runs: the first one, and a re-cluster after its preview ------------------------

@web.organiser_only
async def find(request: Request):
    """A clustering run: the ward's first ("Find themes"), or a re-cluster the organiser has
    seen the preview of (the form then names the newest answer the preview was made of)."""
    db = request.app.state.db
    ward = await ward_in_path(request)
    data = await web.form(request)
    try:
        p = themes.params(data)
    except Refused as e:
        return await render_review(request, str(e), 400)
    upto = web.int_param(data.get("upto")) if data.get("upto") else None
    if data.get("upto") and upto is None:
        return await render_review(
            request, "That preview could not be read. Ask for a new preview.", 400)
    saved = await theme_store.saved(db, ward.id)
    seen = _seen(data, saved)
    if _changed(seen, saved):
        return await render_review(request, STALE, 409)
    if saved is not None and upto is None:
        return await render_review(
            request, "This ward's themes were found already. To start again, use "
            "“Preview a re-cluster”: it shows what would change first.", 400)
    # A re-cluster takes the answers its preview was made of; later ones stay new.
    texts = await theme_store.answers(db, ward.id, upto)
    if not texts:
        return await render_review(
            request, "This ward has no answers yet to find themes in.", 400)
    seed = saved.run.seed if saved else themes.SEED
    found, millis = await worker.run(themes.cluster, texts, p, seed)
    kind = "themes re-clustered" if saved else "themes found"
    try:
        await theme_store.save(db, ward.id, seen, *themes.to_rows(found), web.actor(request),
                               kind, f"{len(found.themes)} themes from {len(texts)} answers in "
                               f"{millis} ms (k={p.k}, bounds {p.min_themes}-{p.max_themes})",
                               (p, seed, len(texts), millis))
    except theme_store.Stale:
        return await render_review(request, STALE, 409)
    return web.redirect(f"/o/wards/{ward.id}/themes?done={quote(kind)}")


@web.organiser_only
async def recluster(request: Request):
    """Show what a fresh clustering would change; nothing is stored."""
    db = request.app.state.db
    ward = await ward_in_path(request)
    data = await web.form(request)
    try:
        p = themes.params(data)
    except Refused as e:
        return await render_review(request, str(e), 400)
    saved = await theme_store.saved(db, ward.id)
    texts = await theme_store.answers(db, ward.id)
    if saved is None or not texts:
        return await render_review(request, "Find this ward's themes first.", 400)
    preview = await worker.run(themes.preview, saved, texts, p)
    return await render_review(request, preview=preview)


def _editing(kind: str, plan: Callable):
    @web.organiser_only
    async def handler(request: Request):
        return await _edit(request, kind, plan)
    handler.__name__ = kind.replace(" ", "_")
    return handler


routes = [
    Route("/o/wards/{id}/themes", review),
    Route("/o/wards/{id}/themes/find", find, methods=["POST"]),
    Route("/o/wards/{id}/themes/sort-new", web.organiser_only(_sort_new), methods=["POST"]),
    Route("/o/wards/{id}/themes/rename", _editing("theme renamed", _rename), methods=["POST"]),
    Route("/o/wards/{id}/themes/merge", _editing("themes merged", _merge), methods=["POST"]),
    Route("/o/wards/{id}/themes/split", _editing("theme split", _split), methods=["POST"]),
    Route("/o/wards/{id}/themes/mark", _editing("theme marked", _mark), methods=["POST"]),
    Route("/o/wards/{id}/themes/move", _editing("answer moved", _move), methods=["POST"]),
    Route("/o/wards/{id}/themes/recluster", recluster, methods=["POST"]),
    Route("/o/wards/{id}/themes/{which}", answer_list),
]
