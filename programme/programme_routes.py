"""An organiser's programme pages, for a ward (from its themes) and for the area (from the wards'
demands): the assembly vote or a show of hands makes the shortlist; each shortlisted item is
written as a demand; the programme is frozen, and candidates are asked to sign it.

The same handlers serve /o/wards/{id}/programme and /o/areas/{id}/programme.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.routing import Route

import web
from programme import assembly, charter, pledge_store, theme_store
from programme import programme_store as store
from programme.charter import Refused

DONE = {"assembly": "Assembly vote created. Open it from its page when the room is ready.",
        "hands": "Shortlist recorded.", "added": "Demand added.", "changed": "Demand changed.",
        "removed": "Demand removed.", "moved": "Demand moved.",
        "first": "That demand is first already: nothing moved.",
        "last": "That demand is last already: nothing moved.", "frozen": "Programme frozen.",
        "version": "New draft version started: edit it, then freeze it."}


async def place_in_path(request: Request, wards: str = "/o/wards/") -> store.Place:
    """The ward or area a URL names: a ward under `wards`, an area otherwise."""
    key = web.int_param(request.path_params["id"]) or 0
    try:
        if request.url.path.startswith(wards):
            return await store.place(request.app.state.db, ward_id=key)
        return await store.place(request.app.state.db, area_id=key)
    except store.NotFound:
        raise HTTPException(404) from None


async def _ward_demands(db, p: store.Place) -> tuple[list[store.WardProgramme],
                                                      list[charter.WardDemand]]:
    """The wards side by side, and their demands as the grouping takes them."""
    wards = await store.ward_demands(db, p)
    labels = await theme_store.themes_by_id(db, [d.theme_id for w in wards if w.version
                                           for d in w.version.demands if d.theme_id])
    flat = [charter.WardDemand(d.id, w.ward, d.text,
                               labels[d.theme_id].label if d.theme_id in labels else "",
                               d.doorsteps, d.quotes, d.target)
            for w in wards if w.version for d in w.version.demands]
    return wards, flat


async def _options(db, p: store.Place) -> list[dict]:
    """What the room may choose from, each with a key for the forms, a suggested wording, and
    whether it is on the ballot unless the organiser says otherwise, and why: a ward's themes
    (those on the themes page's shortlist are in), or the groups of the wards' demands (those
    of more than one ward are in; a demand of one ward stays on that ward's programme)."""
    if p.ward_id:
        found = [{"key": str(t.id), "label": t.label, "doorsteps": t.respondents,
                  "quotes": list(t.quotes), "item": t.id, "lead": "",
                  "suggested": assembly.suggest(t.label), "ticked": bool(t.shortlist),
                  "why": _why(t)}
                 for t in await theme_store.themes(db, p.ward_id)]
    else:
        _, flat = await _ward_demands(db, p)
        found = [{"key": "-".join(map(str, g.ids)), "label": g.label, "doorsteps": g.doorsteps,
                  "quotes": [q for d in g.demands for q in d.quotes[:1]], "item": g.ids,
                  "lead": g.where(), "group": g, "suggested": g.label, "target": g.target,
                  "ticked": len(g.wards) > 1, "why": f"{g.where().capitalize()}." + (
                      "" if len(g.wards) > 1 else
                      " A demand of one ward stays on its own programme unless you add it.")}
                 for g in charter.group(flat, len(p.wards))]
    # two options never share a suggested wording: a ballot's names are unique
    for o, name in zip(found, charter.ballot_names([o["suggested"] for o in found]),
                       strict=True):
        o["suggested"] = name
    return found


def _why(theme: theme_store.Theme) -> str:
    if theme.shortlist:
        return f"On the themes page's shortlist, place {theme.shortlist}."
    if theme.passed_over:
        return f"Not on the themes page's shortlist: {theme.passed_over}."
    return "Not on the themes page's shortlist: fewer residents asked for it."


async def _shortlisted(db, p: store.Place, options: list[dict]) -> list[dict]:
    """The shortlist's items in place order, described as options are (an item that is no
    longer among the options, e.g. a theme merged since, is still described)."""
    short = await store.shortlist(db, p)
    if short is None:
        return []
    by_item = {o["item"]: o for o in options}
    found = []
    if p.ward_id:
        missing = await theme_store.themes_by_id(db, [i for i in short.items if i not in by_item])
        for i in short.items:
            t = missing.get(i)
            found.append(by_item.get(i) or {"key": str(i), "item": i, "lead": "", "label":
                         t.label if t else "(a theme)", "doorsteps": t.respondents if t
                         else 0, "quotes": list(t.quotes) if t else []})
    else:
        for ids in short.items:
            found.append(by_item.get(tuple(ids)) or {
                "key": "-".join(map(str, ids)), "item": tuple(ids), "label": "(earlier demands)",
                "doorsteps": 0, "quotes": [], "lead": ""})
    # the demand is first written as the assembly worded it on the ballot
    words = short.names or tuple(o.get("suggested", o["label"]) for o in found)
    return [{**o, "place": n, "how": short.how, "at": short.at, "wording": w}
            for n, (o, w) in enumerate(zip(found, words, strict=True), 1)]


async def render_programme(request: Request, error: str | None = None, status: int = 200,
                           new_link: dict | None = None, data: dict | None = None):
    db = request.app.state.db
    p = await place_in_path(request)
    options = await _options(db, p)
    shortlisted = await _shortlisted(db, p, options)
    versions = await store.versions(db, p)
    latest = versions[0] if versions else None
    written = {d.source for d in (latest.demands if latest else ())}
    frozen = next((v for v in versions if v.frozen_at), None)
    signers = await pledge_store.signers(db, p, frozen.id) if frozen else []
    wards = (await _ward_demands(db, p))[0] if not p.ward_id else []
    return web.render(request, "programme/programme.html", {
        "p": p, "options": options, "shortlisted": shortlisted, "versions": versions,
        "latest": latest, "frozen": frozen, "written": written, "wards": wards,
        "assemblies": await store.assemblies(db, p), "meetings": await store.meetings(db, p),
        "signers": signers, "to_ask": await pledge_store.nominees_to_ask(db, p, signers)
        if frozen else [], "new_link": new_link, "error": error, "most": charter.MOST,
        "max_wording": assembly.MAX_WORDING, "data": data,
        "short": charter.short, "done": DONE.get(request.query_params.get("done", "")),
        "base_url": request.app.state.settings.base_url, "qr": web.qr_svg,
    }, status)


@web.organiser_only
async def page(request: Request):
    return await render_programme(request)


def _back(p: store.Place, done: str):
    return web.redirect(f"{p.url}/programme?done={done}")


async def _run(request: Request, action) -> object:
    """Parse the form and do `action(db, place, form)`; a Refused is the page again with its
    sentence and a 400, nothing changed."""
    p = await place_in_path(request)
    data = await web.form(request)
    try:
        return await action(request.app.state.db, p, data, web.actor(request))
    except Refused as e:  # the organiser's ticks and words stay as they left them
        return await render_programme(request, str(e), 400, data=data)


async def _assembly(db, p: store.Place, data: dict, actor: str):
    """The assembly vote on exactly the options the organiser ticked, in their wording."""
    chosen, places = assembly.confirm(data, await _options(db, p))
    if any(a.counted_at is None for a in await store.assemblies(db, p)):
        raise Refused("An assembly vote is already waiting to be held. Hold it (open and close "
                      "it from its page), then start another if you need to.")
    meetings = {str(m.id): m for m in await store.meetings(db, p)}
    picked = data.get("meeting_id", "")
    if picked:
        if picked not in meetings:
            raise Refused("Choose one of the meetings listed, or a new meeting.")
        meeting: int | tuple = meetings[picked].id
    else:
        venue = " ".join(data.get("venue", "").split())
        if not venue or len(venue) > 120:
            raise Refused("Give the venue of the new meeting (at most 120 characters), or "
                          "choose an existing meeting.")
        try:
            starts = datetime.fromisoformat(data.get("starts_at", "").strip()[:40])
        except ValueError:
            raise Refused("Give the date and time the new meeting starts.") from None
        host = p.ward_id or web.int_param(data.get("ward_id"))
        if host not in {w for w, _ in p.wards}:
            raise Refused("Choose the ward the meeting is held in.")
        meeting = (host, venue, starts.isoformat(timespec="minutes"))
    primary_id = await store.create_assembly(db, p, meeting, [
        store.Option(name, charter.statement(o["doorsteps"], o["quotes"], o["lead"]),
                     o["item"] if p.ward_id else None, () if p.ward_id else o["item"])
        for o, name in chosen], places, actor)
    return web.redirect(f"/o/primaries/{primary_id}")


async def _hands(db, p: store.Place, data: dict, actor: str):
    options = {o["key"]: o for o in await _options(db, p)}
    places: dict[int, object] = {}
    for key, value in data.items():
        if not key.startswith("place_") or not value:
            continue
        option, n = options.get(key[6:]), web.int_param(value)
        if option is None:
            raise Refused("That option is no longer on the list. Look at the page again.")
        if n is None or not 1 <= n <= charter.MOST:
            raise Refused(f"A place on the shortlist is a number from 1 to {charter.MOST}.")
        if n in places:
            raise Refused(f"Two options have place {n}. Give each place to one option.")
        places[n] = option["item"]
    if not places:
        raise Refused("Give the places the room voted for: 1 for the first, and so on.")
    if sorted(places) != list(range(1, len(places) + 1)):
        raise Refused("Number the places from 1 without gaps.")
    await store.record_hands(db, p, [list(i) if isinstance(i, tuple) else i
                                     for _, i in sorted(places.items())], actor)
    return _back(p, "hands")


async def _add(db, p: store.Place, data: dict, actor: str):
    shortlisted = await _shortlisted(db, p, await _options(db, p))
    n = web.int_param(data.get("place"))
    item = next((s for s in shortlisted if s["place"] == n), None)
    if item is None:
        raise Refused("Choose one of the shortlist's places.")
    d = charter.demand(data.get("text", ""), data.get("target", ""))
    if p.ward_id:
        e = store.Evidence(item["doorsteps"], tuple(item["quotes"][:3]), item["item"],
                           source=item["key"])
    else:
        g = item.get("group")
        e = store.Evidence(item["doorsteps"], tuple(item["quotes"][:3]), None,
                           g.wards if g else (), len(p.wards), item["key"])
    await store.add_demand(db, p, d, e, actor)
    return _back(p, "added")


async def _edit(db, p: store.Place, data: dict, actor: str):
    d = charter.demand(data.get("text", ""), data.get("target", ""))
    await store.edit_demand(db, p, web.int_param(data.get("position")), d, actor)
    return _back(p, "changed")


async def _remove(db, p: store.Place, data: dict, actor: str):
    await store.remove_demand(db, p, web.int_param(data.get("position")), actor)
    return _back(p, "removed")


async def _move(db, p: store.Place, data: dict, actor: str):
    step = {"up": -1, "down": 1}.get(data.get("direction", ""))
    if step is None:
        raise Refused("Choose to move the demand up or down.")
    if await store.move_demand(db, p, web.int_param(data.get("position")), step, actor):
        return _back(p, "moved")
    return _back(p, "first" if step < 0 else "last")


async def _freeze(db, p: store.Place, data: dict, actor: str):
    if data.get("confirm") != "yes":
        raise Refused("To freeze, tick the box: a frozen version never changes.")
    await store.freeze(db, p, actor)
    return _back(p, "frozen")


async def _new_version(db, p: store.Place, data: dict, actor: str):
    versions = await store.versions(db, p)
    if not versions or versions[0].frozen_at is None:
        raise Refused("The programme is a draft already: edit it as it is.")
    await store.new_version(db, p, actor)
    return _back(p, "version")


@web.organiser_only
async def signing_link(request: Request):
    """A one-time signing link for one person and the latest frozen version, shown once."""
    db = request.app.state.db
    p = await place_in_path(request)
    data = await web.form(request)
    frozen = next((v for v in await store.versions(db, p) if v.frozen_at), None)
    if frozen is None:
        return await render_programme(request, "Freeze the programme before asking anyone to "
                                      "sign it.", 400)
    signers = await pledge_store.signers(db, p, frozen.id)
    people = signers + await pledge_store.nominees_to_ask(db, p, signers)
    ward_id, name = web.int_param(data.get("ward_id")), data.get("name", "")
    person = next((s for s in people if s.ward_id == ward_id and s.name == name), None)
    if person is None:
        return await render_programme(request, "That person is not a candidate here. Look at "
                                      "the page again.", 400)
    token = secrets.token_urlsafe(24)
    try:
        await pledge_store.invite(db, p, person.ward_id, person.name, person.why,
                                  frozen.id, token, web.actor(request))
    except Refused as e:
        return await render_programme(request, str(e), 400)
    url = f"{request.app.state.settings.base_url}/pledge/{token}"
    return await render_programme(request, new_link={"name": person.name, "url": url})


def _action(action):
    @web.organiser_only
    async def handler(request: Request):
        return await _run(request, action)
    handler.__name__ = action.__name__.strip("_")
    return handler


routes = [
    route
    for prefix in ("/o/wards/{id}/programme", "/o/areas/{id}/programme")
    for route in (
        Route(prefix, page),
        Route(prefix + "/assembly", _action(_assembly), methods=["POST"]),
        Route(prefix + "/hands", _action(_hands), methods=["POST"]),
        Route(prefix + "/demands", _action(_add), methods=["POST"]),
        Route(prefix + "/demands/edit", _action(_edit), methods=["POST"]),
        Route(prefix + "/demands/remove", _action(_remove), methods=["POST"]),
        Route(prefix + "/demands/move", _action(_move), methods=["POST"]),
        Route(prefix + "/freeze", _action(_freeze), methods=["POST"]),
        Route(prefix + "/versions", _action(_new_version), methods=["POST"]),
        Route(prefix + "/links", signing_link, methods=["POST"]),
    )
]
