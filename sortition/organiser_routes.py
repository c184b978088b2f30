"""The organiser's pages of an assembly chosen by lot: create it, upload the ward's addresses,
draw the doors with a public seed, set the quotas, enter paper registrations, draw the panel,
replace a member who drops out, and hold the assembly's votes."""

from __future__ import annotations

from datetime import datetime

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.routing import Route

import languages
import spreadsheet
import web
from plaintext import tidy
from problems import Refused
from sortition import draw, files, print_routes, store
from sortition.lottery import Quota, seed_from_dice
from votes import ballot_box
from votes import store as vote_store

MAX_UPLOAD = 5 * 1024 * 1024  # a ward's 10,000 addresses are about 400 kB
CONSENT = ("I agree that the organisers keep my name and contact to invite me to the assembly. "
           "My answers are published only without my name, and are deleted after the assembly.")
DICE = "Throw a die at least eight times in front of the room and type the numbers in order."


def _seats_of(p: store.Panel) -> str:
    return f"{p.seats} seat{'s' if p.seats != 1 else ''}"


@web.organiser_only
async def index(request: Request):
    db = request.app.state.db
    if request.method == "POST":
        data = await web.form(request)
        ward_id = web.int_param(data.get("ward_id"))
        wards = {w.id: w for a in await vote_store.areas(db) for w in a.wards}
        if ward_id not in wards or not web.covers(request, wards[ward_id].area_id, ward_id):
            raise Refused("Choose one of the wards you organise.")
        seats = web.int_param(data.get("seats")) or wards[ward_id].seats
        if not 1 <= seats <= 500:
            raise Refused("The seats are a whole number from 1 to 500.")
        title = tidy(data.get("title", ""))[:120] or f"{wards[ward_id].name} assembly"
        letter = [code for code in languages.shipped() if data.get(f"lang_{code}") == "yes"]
        panel_id = await store.create(
            db, ward_id, title, seats, data.get("one_per_household") == "yes",
            tidy(data.get("consent", ""))[:1000] or CONSENT,
            " ".join(print_routes.letter_languages(" ".join(letter))), web.actor(request))
        return web.redirect(f"/o/panels/{panel_id}")
    scope = getattr(request.state, "scope", None)
    areas = await vote_store.areas(db)
    wards = [w for a in areas for w in a.wards if scope is None or scope.covers(a.id, w.id)]
    shown = [p for p in await store.panels(db)
             if scope is None or scope.covers(p.area_id, p.ward_id)]
    return web.render(request, "sortition/index.html", {
        "panels": shown, "wards": wards, "consent": CONSENT,
        "shipped": [(code, languages.name(code)) for code in languages.shipped()]})


async def _page(request: Request, panel_id: int, status: int = 200, **extra):
    db = request.app.state.db
    p = await store.panel(db, panel_id)
    quotas = await store.quotas(db, panel_id)
    people = await store.volunteers(db, panel_id)
    members = await store.members(db, panel_id) if p.drawn_at else []
    meetings = await store.meeting_ids(db, panel_id)
    return web.render(request, "sortition/panel.html", {
        "panel": p, "addresses": len(await store.addresses(db, panel_id)),
        "doors": await store.drawn_addresses(db, panel_id), "quotas": quotas,
        "quota_text": "\n".join(",".join(map(str, r)) for r in files.quotas_rows(quotas)),
        "categories": files.categories(quotas), "volunteers": people, "members": members,
        "contacts": await store.contacts(db, panel_id) if members else {},
        "meetings": [(m, await ballot_box.card_counts(db, m.id))
                     for m in await vote_store.ward_meetings(db, [p.ward_id])
                     if m.id in meetings],
        "sitting": sum(1 for m in members if not m.dropped_at),
        "join": f"{request.app.state.settings.base_url}/join/{p.code}", "dice": DICE,
        "seats": _seats_of(p), **extra}, status)


@web.organiser_only
async def panel_page(request: Request):
    return await _page(request, web.path_id(request))


async def _file(request: Request) -> tuple[str, bytes]:
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != \
            "multipart/form-data":
        raise Refused("Choose a CSV file with the page's form, then press Import.")
    try:
        form = await request.form(max_files=1, max_fields=5, max_part_size=64 * 1024)
    except HTTPException:
        raise Refused("That upload could not be read. Choose the file again.") from None
    try:
        upload = form.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise Refused("Choose a CSV file of addresses to import.")
        data = await upload.read(MAX_UPLOAD + 1)
        if len(data) > MAX_UPLOAD:
            raise Refused("That file is too large: at most 5 MB.")
        return upload.filename[:120], data
    finally:
        await form.close()


@web.organiser_only
async def import_addresses(request: Request):
    panel_id = web.path_id(request)
    name, data = await _file(request)
    rows, problems = files.read_addresses(data)
    if problems:
        return await _page(request, panel_id, problems=problems[:files.SHOWN],
                           more=max(0, len(problems) - files.SHOWN), status=400,
                           error=f"Nothing was imported: {name} has {len(problems)} problem"
                           f"{'s' if len(problems) != 1 else ''} (listed below). Fix them and "
                           "import the file again.")
    await store.set_addresses(request.app.state.db, panel_id, rows, name, web.actor(request))
    return web.redirect(f"/o/panels/{panel_id}#doors")


async def _again(request: Request, error: str, status: int):
    return await _page(request, web.path_id(request), status, error=error)


panel_form = web.form_on(store.panel, _again, (Refused,))


@panel_form
async def draw_doors(request: Request, p: store.Panel, data: dict):
    panel_id, db = p.id, request.app.state.db
    seed = seed_from_dice(data.get("seed", ""))
    if seed is None:
        raise Refused(f"The seed is the dice thrown in the room: {DICE}")
    doors = web.int_param(data.get("doors"))
    everything = await store.addresses(db, panel_id)
    if not everything:
        raise Refused("Import the ward's addresses first.")
    if not doors or doors < 1:
        raise Refused("How many doors to knock on: a whole number, at least 1.")
    drawn = files.draw_doors([a.id for a in everything], doors, seed)
    await store.save_doors(db, panel_id, str(seed), drawn, web.actor(request))
    return web.redirect(f"/o/panels/{panel_id}#doors")


@panel_form
async def set_quotas(request: Request, p: store.Panel, data: dict):
    panel_id, db = p.id, request.app.state.db
    quotas, problems = files.read_quotas(data.get("quotas", ""), p.seats)
    if problems:
        return await _page(request, panel_id, problems=problems[:files.SHOWN], status=400,
                           more=max(0, len(problems) - files.SHOWN),
                           error="The quotas were not saved: fix the rows listed below.")
    await store.set_quotas(db, panel_id, quotas, web.actor(request))
    return web.redirect(f"/o/panels/{panel_id}#quotas")


async def published_pool(db, p: store.Panel) -> tuple[list, list[Quota], list[list]]:
    """The pool as published (numbers, household numbers, answers) and as the draw reads it, so
    a re-run from the published file is the same draw."""
    quotas = await store.quotas(db, p.id)
    names = list(files.categories(quotas))
    rows = files.pool_rows(store.pool(await store.volunteers(db, p.id), names),
                           names, bool(p.one_per_household))
    pool, _ = files.read_pool(spreadsheet.csv_text(rows), names)  # as the download reads
    return pool, quotas, rows


async def _draw(req: dict) -> dict:
    try:
        return await draw.run(req)
    except (RuntimeError, TimeoutError, ValueError):
        raise Refused("The draw could not be done, and nothing was saved. Try again; if it "
                      "keeps failing, download the pool and quotas and run `hustings sortition` "
                      "to see why.") from None


@panel_form
async def draw_panel(request: Request, p: store.Panel, data: dict):
    panel_id, db = p.id, request.app.state.db
    seed = seed_from_dice(data.get("seed", ""))
    if seed is None:
        raise Refused(f"The seed is the dice thrown in the room: {DICE}")
    if p.drawn_at:
        raise Refused("The panel was already drawn.")
    pool, quotas, _ = await published_pool(db, p)
    if not quotas:
        raise Refused("Set the quotas first: one row per answer of each category.")
    answer = await _draw(draw.request(pool, quotas, p.seats, seed,
                                      bool(p.one_per_household)))
    if "advice" in answer:
        return await _page(request, panel_id, advice=answer["advice"], status=400,
                           error="No panel can be drawn with these quotas and volunteers.")
    await store.save_draw(db, panel_id, str(seed), answer, web.actor(request))
    return web.redirect(f"/o/panels/{panel_id}#members")


@panel_form
async def replace_member(request: Request, p: store.Panel, data: dict):
    """The member drops out; a replacement is drawn by the same rule from those not chosen,
    to fill the quotas the remaining members leave, with the panel's seed and the number of
    the replacement (public, so anyone can re-run it)."""
    panel_id, db = p.id, request.app.state.db
    dropped = web.int_param(data.get("volunteer_id"))
    members = await store.members(db, panel_id)
    if not p.drawn_at or dropped not in {m.id for m in members if not m.dropped_at}:
        raise Refused("That person is not a member of the panel (any more).")
    staying = [m for m in members if not m.dropped_at and m.id != dropped]
    ever = {str(m.number) for m in members}
    pool, quotas, _ = await published_pool(db, p)
    left = [v for v in pool if v.id not in ever]
    have = {(q.category, q.value): sum(m.answers.get(q.category) == q.value for m in staying)
            for q in quotas}
    rest = [Quota(q.category, q.value, max(0, q.min - have[(q.category, q.value)]),
                  max(0, q.max - have[(q.category, q.value)])) for q in quotas]
    seed = int(p.panel_seed) + sum(1 for m in members if m.replaces) + 1  # S+1, S+2 …
    answer = await _draw(draw.request(left, rest, 1, seed, bool(p.one_per_household)))
    chosen = answer["members"][0] if "members" in answer else None
    await store.replace(db, panel_id, dropped, chosen, str(seed), web.actor(request))
    if chosen is None:
        return await _page(request, panel_id, status=400, advice=answer["advice"],
                           error="The member is marked as dropped out, but nobody left in the "
                           "pool fits the quotas their seat needs.")
    return web.redirect(f"/o/panels/{panel_id}#members")


@panel_form
async def hold_vote(request: Request, p: store.Panel, data: dict):
    """A meeting of the assembly with one card per member sitting: its members get cards like
    any hall, printed from the meeting's page."""
    panel_id, db = p.id, request.app.state.db
    if not p.drawn_at:
        raise Refused("Draw the panel first: the assembly's meeting has a card per member.")
    venue = tidy(data.get("venue", ""))[:120]
    try:
        starts = datetime.fromisoformat(data.get("starts_at", "").strip())
    except ValueError:
        starts = None
    if not venue or starts is None:
        raise Refused("Give the assembly's meeting a venue and the date and time it starts.")
    sitting = sum(1 for m in await store.members(db, panel_id) if not m.dropped_at)
    meeting_id = await vote_store.create_meeting(
        db, p.ward_id, venue, starts.isoformat(timespec="minutes"), web.actor(request))
    await store.add_meeting(db, panel_id, meeting_id)
    await ballot_box.create_cards(db, meeting_id, sitting, web.actor(request))
    return web.redirect(f"/o/meetings/{meeting_id}")


routes = [
    Route("/o/panels", index, methods=["GET", "POST"]),
    Route("/o/panels/{id}", panel_page),
    Route("/o/panels/{id}/addresses", import_addresses, methods=["POST"]),
    Route("/o/panels/{id}/doors", draw_doors, methods=["POST"]),
    Route("/o/panels/{id}/quotas", set_quotas, methods=["POST"]),
    Route("/o/panels/{id}/draw", draw_panel, methods=["POST"]),
    Route("/o/panels/{id}/replace", replace_member, methods=["POST"]),
    Route("/o/panels/{id}/meetings", hold_vote, methods=["POST"]),
]
