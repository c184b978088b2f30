"""Helpers for the nomination tests: the form a resident fills in, nominating, the review."""

from tests.conftest import with_db

GOOD = {"nominee": "Bernadette O'Neil", "why": "She runs the food bank.",
        "contact": "07700 900123", "nominator": "Ann Lee", "postcode": "SE24 0AB",
        "lives_or_works_here": "yes", "website": ""}


def rows(settings) -> dict[str, int]:
    async def go(db):
        return {t: await db.fetchval(f"SELECT COUNT(*) FROM {t}")
                for t in ("nominees", "nominations", "events", "candidates")}
    return with_db(settings, go)


def nominate(client, ward_id, **changes):
    return client.submit(f"/n/{ward_id}", {**GOOD, **changes})


def nominate_many(client, ward_id, nominee, count, start=0):
    for i in range(start, start + count):
        r = nominate(client, ward_id, nominee=nominee, nominator=f"Neighbour {i}",
                     postcode=f"SE24 {i % 10}AB")
        assert r.status_code == 303, r.context and r.context.get("error")


def review(organiser, ward_id):
    r = organiser.get(f"/o/wards/{ward_id}/nominations")
    assert r.status_code == 200 and r.template.name == "organiser/nominations.html"
    return r.context


def by_name(context) -> dict:
    return {p.name: p for p in context["people"]}


def invite(organiser, ward_id, name) -> str:
    person = by_name(review(organiser, ward_id))[name]
    r = organiser.submit(f"/o/wards/{ward_id}/nominations/invite", {"nominee": person.id})
    assert r.status_code == 200, r.context.get("error")
    url = r.context["invite"]["url"]
    assert "<svg" in str(r.context["invite"]["qr"])
    return url.removeprefix("http://testserver")


def review_text(organiser, ward_id, name) -> str:
    page = organiser.get(f"/o/wards/{ward_id}/nominations").text
    start = page.index(f'<strong class="nominee-name">{name}</strong>')
    return page[start:page.index("</summary>", start)]
