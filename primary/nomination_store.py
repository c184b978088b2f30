"""All SQL for nominations after they are taken (taking them is nominating.py): the organiser's
review, merges, the ward's rules, invitations, and the nominee's answer, which puts them on (or
takes them off) the ward's primary ballot."""

from __future__ import annotations

from dataclasses import dataclass

from accounts import token_hash
from audit import log, stamp
from db import Database
from languages import N_
from primary import nominations
from primary.nominations import Nomination, ReviewError
from rowdata import many, one
from votes import phases, standing, store

ANSWERED = {  # a nominee who already said no, or stepped down, needs a new link to stand
    "declined": N_("You have declined already. If you have changed your mind, ask an organiser "
                   "for a new link."),
    "withdrawn": N_("You have withdrawn already. If you have changed your mind, ask an "
                    "organiser for a new link."),
}

ANSWERS = ("accepted", "declined", "withdrawn")


class Replaced(Exception):
    """An invitation link a newer one replaced."""


@dataclass(frozen=True)
class Nominee:
    """Someone nominated in a ward (one name key), and their answer once invited."""

    id: int
    ward_id: int
    name: str
    name_key: str
    merged_into: int | None
    invite_hash: str | None  # of the latest invitation link; the link itself is not kept
    invited_at: str | None
    answer: str | None  # one of ANSWERS
    answered_at: str | None
    statement: str
    created_at: str


@dataclass(frozen=True)
class Invitation(Nominee):
    """An invited nominee as their link shows them: why people trust them, and the ballot they
    are on (or the next one they would stand in)."""

    ward_name: str
    area_name: str
    whys: list[str]
    ballot: store.Vote | None
    next: store.Vote | None


# --- the organiser's review -------------------------------------------------------------------

@dataclass(frozen=True)
class Filed:
    """A nomination as a resident filed it, with the organiser's judgement of it."""

    id: int
    ward_id: int
    nominee_id: int
    nominee_name: str  # the spelling this nominator used
    why: str
    contact: str
    nominator: str
    nominator_key: str
    postcode: str
    lives_or_works_here: int
    source: str  # poster or doorstep
    created_at: str
    set_aside_at: str | None
    counted_at: str | None

    def rule(self) -> Nomination:
        """What the pure counting rules (primary.nominations) read."""
        return Nomination(self.id, self.nominee_id, self.nominator, self.nominator_key,
                          self.postcode, bool(self.set_aside_at), bool(self.counted_at))


@dataclass(frozen=True)
class Nominated(Nominee):
    """A nominee on the review list: its nominations, and how many votes it stands in."""

    on_ballot: int = 0
    nominations: tuple[Filed, ...] = ()


async def nominees(db: Database, ward_id: int) -> list[Nominated]:
    """The ward's nominees (merged spellings left out), oldest first, each with its nominations
    and whether it is on a ballot."""
    people = many(Nominee, await db.fetchall(
        "SELECT * FROM nominees WHERE ward_id = ? AND merged_into IS NULL ORDER BY id",
        (ward_id,)))
    filed = many(Filed, await db.fetchall(
        "SELECT * FROM nominations WHERE ward_id = ? ORDER BY id", (ward_id,)))
    on_ballot = await standing.stands(db, [p.id for p in people])
    return [Nominated(**vars(p), on_ballot=on_ballot.get(p.id, 0),
                      nominations=tuple(n for n in filed if n.nominee_id == p.id))
            for p in people]


def as_nominations(people: list[Nominated]) -> list[Nomination]:
    return [n.rule() for p in people for n in p.nominations]


def counted(rows: list[Nomination], postcodes: str) -> dict[int, int]:
    """Who counts for each nominee: the one rule the review page and an invitation share."""
    flagged = nominations.flags(rows, nominations.postcode_areas(postcodes))
    return nominations.counts(rows, flagged)


async def set_rules(db: Database, ward_id: int, threshold: int, postcodes: str, actor: str):
    async with db.transaction() as conn:
        cur = await conn.execute("SELECT threshold, postcodes FROM wards WHERE id = ?", (ward_id,))
        before = await cur.fetchone()
        if before is None:
            raise store.NotFound
        await conn.execute("UPDATE wards SET threshold = ?, postcodes = ? WHERE id = ?",
                           (threshold, postcodes, ward_id))
        if before["threshold"] != threshold:
            await log(conn, actor, "nomination threshold changed",
                      f"ward {ward_id}: {before['threshold']} to {threshold}")
        if before["postcodes"] != postcodes:
            await log(conn, actor, "ward postcodes changed", f"ward {ward_id}: {postcodes}")


async def _live_nominee(conn, ward_id: int, nominee_id: int | None) -> Nominee:
    cur = await conn.execute(
        "SELECT * FROM nominees WHERE id = ? AND ward_id = ? AND merged_into IS NULL",
        (nominee_id, ward_id))
    row = await cur.fetchone()
    if row is None:
        raise ReviewError("That nominee is not on this ward's list (perhaps already merged). "
                          "Reload the page and try again.")
    return one(Nominee, row)


async def merge(db: Database, ward_id: int, keep_id: int | None, merge_id: int | None,
                actor: str) -> None:
    """Move every nomination of `merge_id` to `keep_id`; the merged spelling then leads there."""
    if keep_id == merge_id:
        raise ReviewError("Choose two different names to merge.")
    async with db.transaction() as conn:
        keep = await _live_nominee(conn, ward_id, keep_id)
        gone = await _live_nominee(conn, ward_id, merge_id)
        if gone.invited_at:
            raise ReviewError(f"{gone.name} has been invited already, so merge the other "
                              f"name into {gone.name} instead.")
        await conn.execute("UPDATE nominations SET nominee_id = ? WHERE nominee_id = ?",
                           (keep.id, gone.id))
        await conn.execute("UPDATE nominees SET merged_into = ? WHERE id = ? OR merged_into = ?",
                           (keep.id, gone.id, gone.id))
        await log(conn, actor, "nominees merged",
                  f"ward {ward_id}: {gone.name} into {keep.name}")


async def set_aside(db: Database, ward_id: int, nomination_id: int | None, aside: bool,
                    actor: str) -> None:
    """Stop a nomination counting (it stays on record), or count it: again, or for the first
    time once its flag is judged."""
    async with db.transaction() as conn:
        cur = await conn.execute(
            "SELECT nominations.*, nominees.name FROM nominations JOIN nominees"
            " ON nominees.id = nominations.nominee_id WHERE nominations.id = ?"
            " AND nominations.ward_id = ?", (nomination_id, ward_id))
        row = await cur.fetchone()
        if row is None:
            raise ReviewError("That nomination is not in this ward. Reload the page.")
        if bool(row["set_aside_at"]) == aside and (aside or row["counted_at"]):
            return  # already so: a second click changes nothing
        await conn.execute("UPDATE nominations SET set_aside_at = ?, counted_at = ? WHERE id = ?",
                           (stamp() if aside else None, None if aside else stamp(), row["id"]))
        kind = "set aside" if aside else "counted again" if row["set_aside_at"] else "counted"
        await log(conn, actor, f"nomination {kind}",
                  f"ward {ward_id}: {row['nominator']} for {row['name']}")


async def invite(db: Database, ward_id: int, nominee_id: int | None, token: str,
                 actor: str) -> Nominee:
    """A new invitation link for a nominee over the threshold; an older link stops working."""
    async with db.transaction() as conn:
        person = await _live_nominee(conn, ward_id, nominee_id)
        cur = await conn.execute("SELECT threshold, postcodes FROM wards WHERE id = ?",
                                 (ward_id,))
        ward = await cur.fetchone()
        cur = await conn.execute("SELECT * FROM nominations WHERE ward_id = ? ORDER BY id",
                                 (ward_id,))
        rows = [n.rule() for n in many(Filed, await cur.fetchall())]
        people = counted(rows, ward["postcodes"]).get(person.id, 0)
        if people < ward["threshold"]:
            raise ReviewError(f"{person.name} has {people} of the {ward['threshold']} "
                              "nominators needed to be invited (a flagged nomination counts "
                              "once you have judged it).")
        if person.invite_hash:  # the old link says it was replaced, not just "not here"
            await conn.execute("INSERT OR IGNORE INTO replaced_invites (token_hash, nominee_id,"
                               " replaced_at) VALUES (?, ?, ?)",
                               (person.invite_hash, person.id, stamp()))
        keep_answer = person.answer == "accepted"
        await conn.execute(
            "UPDATE nominees SET invite_hash = ?, invited_at = ?,"
            " answer = CASE WHEN ? THEN answer END, answered_at = CASE WHEN ? THEN answered_at END"
            " WHERE id = ?", (token_hash(token), stamp(), keep_answer, keep_answer, person.id))
        await log(conn, actor, "nominee invited", f"ward {ward_id}: {person.name}")
    return person


# --- the nominee's answer ---------------------------------------------------------------------

_BY_TOKEN = (
    "SELECT nominees.*, wards.name AS ward_name, areas.name AS area_name FROM nominees"
    " JOIN wards ON wards.id = nominees.ward_id JOIN areas ON areas.id = wards.area_id"
    " WHERE invite_hash = ? AND merged_into IS NULL"
)


async def invitation(db: Database, token: str) -> Invitation:
    """The invited nominee, with why people trust them and the ballot they are (or would be) on."""
    row = await db.fetchone(_BY_TOKEN, (token_hash(token),))
    if row is None:
        if await db.fetchval("SELECT 1 FROM replaced_invites WHERE token_hash = ?",
                             (token_hash(token),)):
            raise Replaced
        raise store.NotFound
    whys = [r["why"] for r in await db.fetchall(
        "SELECT why FROM nominations WHERE nominee_id = ? ORDER BY id", (row["id"],))]
    return one(Invitation, {**dict(row), "whys": whys,
                            "ballot": await standing.latest_vote(db, row["id"]),
                            "next": await next_primary(db, row["ward_id"])})


async def next_primary(db: Database, ward_id: int) -> store.Vote | None:
    """The ward's latest primary that has not opened: the one accepted nominees stand in."""
    return await store.next_vote(db, ward_id, "primary")


async def _person(conn, token: str) -> Nominee:
    cur = await conn.execute(
        "SELECT * FROM nominees WHERE invite_hash = ? AND merged_into IS NULL",
        (token_hash(token),))
    row = await cur.fetchone()
    if row is None:
        raise store.NotFound
    return one(Nominee, row)


async def accept(db: Database, token: str, name: str, statement: str) -> store.Vote | None:
    """Stand: on the ward's next primary if there is one (else when one is made). Accepting
    again changes the name and statement, until voting opens. Returns the primary, if any."""
    async with db.transaction() as conn:
        person = await _person(conn, token)
        if person.answer in ("declined", "withdrawn"):
            raise ReviewError(ANSWERED[person.answer])
        ballots = await standing.votes_of(conn, person.id)
        for ballot in ballots:
            if not phases.allowed(ballot, "edit"):
                raise ReviewError(N_("Voting has opened, so your name and statement can no "
                                     "longer change. Tell an organiser if something is wrong."))
        target = await standing.next_vote_in(conn, person.ward_id, "primary")
        try:
            await standing.stand(conn, person.id, target and target.id, name, statement)
        except store.Clash:
            raise ReviewError(N_("There is already a candidate called %(name)s on this ballot. "
                                 "Use another form of your name, or ask an organiser."),
                              name=name) from None
        await conn.execute(
            "UPDATE nominees SET name = ?, statement = ?, answer = 'accepted', answered_at = ?"
            " WHERE id = ?", (name, statement, stamp(), person.id))
        where = f"primary {target.id}" if target else "no primary yet"
        await log(conn, f"nominee {person.id}",
                  "nomination accepted" if person.answer is None else "statement changed",
                  f"ward {person.ward_id}: {name}, {where}")
    for ballot in ballots + ([target] if target else []):
        store.forget_meeting(db, ballot.meeting_id)
    return target


async def decline(db: Database, token: str) -> None:
    async with db.transaction() as conn:
        person = await _person(conn, token)
        if person.answer == "accepted":
            raise ReviewError(N_("You have accepted. To step down, withdraw instead."))
        if person.answer is None:
            await conn.execute(
                "UPDATE nominees SET answer = 'declined', answered_at = ? WHERE id = ?",
                (stamp(), person.id))
            await log(conn, f"nominee {person.id}", "nomination declined",
                      f"ward {person.ward_id}: {person.name}")


async def withdraw(db: Database, token: str) -> None:
    """Step down: off the ballot, until voting opens (after that, only an organiser can help)."""
    async with db.transaction() as conn:
        person = await _person(conn, token)
        if person.answer != "accepted":
            raise ReviewError(N_("You are not standing, so there is nothing to withdraw from."))
        ballots = await standing.votes_of(conn, person.id)
        for ballot in ballots:
            if not phases.allowed(ballot, "edit"):
                raise ReviewError(N_("Voting has opened, so you can no longer withdraw from this "
                                     "primary. Tell an organiser or the chair."))
        await standing.stand_down(conn, person.id)
        await conn.execute(
            "UPDATE nominees SET answer = 'withdrawn', answered_at = ? WHERE id = ?",
            (stamp(), person.id))
        await log(conn, f"nominee {person.id}", "nomination withdrawn",
                  f"ward {person.ward_id}: {person.name}")
    for ballot in ballots:
        store.forget_meeting(db, ballot.meeting_id)


async def seat_accepted(db: Database, primary_id: int, actor: str) -> None:
    """A new primary for a ward: nominees who accepted while there was none stand in it."""
    primary = await store.primary(db, primary_id)
    async with db.transaction() as conn:
        cur = await conn.execute(
            "SELECT id, name, statement FROM nominees WHERE ward_id = ? AND"
            " answer = 'accepted' AND merged_into IS NULL ORDER BY id", (primary.ward_id,))
        people = [(r["id"], r["name"], r["statement"]) for r in await cur.fetchall()]
        for name in await standing.seat(conn, primary_id, people):
            await log(conn, actor, "candidate added", f"primary {primary_id}: {name}"
                      " (accepted a nomination)")
    store.forget_meeting(db, primary.meeting_id)


# --- the public ward page ---------------------------------------------------------------------

async def ward_primary(db: Database, ward_id: int) -> store.Vote | None:
    """The primary a resident wants to hear about: the latest not closed, else the latest."""
    return await store.ward_vote(db, ward_id, "primary")
