"""An assembly chosen by lot, through its pages: addresses in whole or not at all, the doors drawn
from a public seed, registrations (one per household when asked), the panel drawn in a child
process, the public page, a replacement logged, and the same panel re-run from the published files
by `hustings sortition`."""

from __future__ import annotations

import io
import json

import pytest

import cli

QUOTAS = "category,value,min,max\ngender,Woman,1,2\ngender,Man,1,2\n"


@pytest.fixture
def panel(organiser) -> int:
    assert organiser.submit("/o/areas", {"name": "Lambeth"}).status_code == 303
    assert organiser.submit("/o/wards", {"area_id": "1", "name": "Tulse Hill",
                                         "seats": "3"}).status_code == 303
    r = organiser.submit("/o/panels", {"ward_id": "1", "title": "", "seats": "",
                                       "lang_es": "yes", "lang_ar": "yes", "lang_xx": "yes"})
    assert r.status_code == 303
    return int(r.headers["location"].rsplit("/", 1)[1])


def _upload(client, panel, text: str):
    return client.post(f"/o/panels/{panel}/addresses",
                       files={"file": ("streets.csv", io.BytesIO(text.encode()), "text/csv")},
                       data={"csrftoken": client.csrf()})


def _code(client, panel) -> str:
    return client.get(f"/o/panels/{panel}").context["panel"].code


def _join(client, code, name, gender, headers=None, **more):
    form = {"name": name, "contact": f"{name}@example.org", "c0": gender, "consent": "yes",
            "uid": f"uid-{name}", **more}
    return client.submit(f"/join/{code}", form, headers=headers)


def test_seats_mirror_the_wards_councillors(organiser, panel):
    page = organiser.get(f"/o/panels/{panel}")
    assert page.context["panel"].seats == 3 and page.context["panel"].title == \
        "Tulse Hill assembly"


def test_an_address_file_with_a_problem_imports_nothing(organiser, panel):
    r = _upload(organiser, panel, "street,address\nAcre Lane,1 Acre Lane\nAcre Lane,\n"
                "Acre Lane,1 ACRE LANE\n")
    assert r.status_code == 400
    assert [str(p) for p in r.context["problems"]] == [
        "Row 3, column address: the address is missing.",
        "Row 4, column address: the same address as row 2."]
    assert r.context["addresses"] == 0


def test_the_same_dice_draw_the_same_doors(organiser, panel, settings):
    rows = "".join(f"Street {n % 7},{n} Street {n % 7}\n" for n in range(1, 201))
    assert _upload(organiser, panel, "street,address\n" + rows).status_code == 303
    refused = organiser.submit(f"/o/panels/{panel}/doors", {"doors": "20", "seed": "1234"})
    assert refused.status_code == 400 and "dice" in refused.context["error"]
    assert refused.template.name == "sortition/panel.html", "the panel again, with the sentence"
    assert organiser.submit(f"/o/panels/{panel}/doors",
                            {"doors": "20", "seed": "3141 5623"}).status_code == 303
    doors = organiser.get(f"/o/panels/{panel}").context["doors"]
    assert len(doors) == 20
    from sortition.files import draw_doors
    ids = list(range(1, 201))
    assert sorted(draw_doors(ids, 20, 31415623)) == sorted(d.id for d in doors)
    assert draw_doors(ids, 20, 31415623) != draw_doors(ids, 20, 31415624)
    walk = organiser.get(f"/o/panels/{panel}/walk")
    assert walk.status_code == 200 and walk.context["doors"] == 20
    letters = organiser.get(f"/o/panels/{panel}/letters")
    assert len(letters.context["doors"]) == 20 and "<svg" in letters.text
    assert letters.context["letter_languages"] == ["en", "ar", "es"]  # no catalogue "xx"
    for title in ("You are invited to the Tulse Hill assembly",
                  "Está invitado a la asamblea de Tulse Hill", "أنت مدعو إلى جمعية Tulse Hill"):
        assert letters.text.count(title) == 20


def test_registration_needs_consent_and_an_answer_and_counts_once(organiser, panel, client):
    assert organiser.submit(f"/o/panels/{panel}/quotas", {"quotas": QUOTAS}).status_code == 303
    code = _code(organiser, panel)
    r = _join(organiser, code, "Ann", "Woman", consent="")
    assert r.status_code == 400 and "consent" in r.context["error"]
    r = _join(organiser, code, "Ann", "Robot")
    assert r.status_code == 400 and "gender" in r.context["error"]
    assert _join(organiser, code, "Ann", "Woman").context["panel"].id == panel
    assert _join(organiser, code, "Ann", "Woman").status_code == 200  # the same form again
    assert organiser.get(f"/o/panels/{panel}").context["volunteers"][0].name == "Ann"
    assert len(organiser.get(f"/o/panels/{panel}").context["volunteers"]) == 1


def test_one_per_household_refuses_a_second_registration_from_the_same_address(organiser):
    organiser.submit("/o/areas", {"name": "Lambeth"})
    organiser.submit("/o/wards", {"area_id": "1", "name": "Tulse Hill", "seats": "2"})
    panel = int(organiser.submit("/o/panels", {"ward_id": "1", "one_per_household": "yes",
                                               "lang_es": "yes"})
                .headers["location"].rsplit("/", 1)[1])
    organiser.submit(f"/o/panels/{panel}/quotas", {"quotas": QUOTAS})
    code = _code(organiser, panel)
    assert _join(organiser, code, "Ann", "Woman", address="").status_code == 400
    assert _join(organiser, code, "Ann", "Woman", address="12 Acre Lane").status_code == 200
    r = _join(organiser, code, "Bob", "Man", address="12  acre lane")
    assert r.status_code == 400 and "household" in r.context["error"]
    r = _join(organiser, code, "Bob", "Man", address="12 Acre Lane",
              headers={"accept-language": "es"})
    assert r.context["error"].startswith("Alguien de esta dirección ya se ha inscrito")
    assert _join(organiser, code, "Cat", "Man", address="14 Acre Lane").status_code == 200


def test_the_form_the_letter_opens_speaks_the_letters_languages(organiser, panel, client):
    organiser.submit(f"/o/panels/{panel}/quotas", {"quotas": QUOTAS})
    code = _code(organiser, panel)
    page = client.get(f"/join/{code}", headers={"accept-language": "es-ES,es;q=0.9"})
    assert page.context["lang"] == "es" and "Cuenten conmigo" in page.text
    assert [c for c, _ in page.context["languages"]] == ["en", "ar", "es"]  # the letter's
    form = {"name": "Ana", "contact": "ana@example.org", "c0": "Woman", "uid": "uid-ana"}
    r = client.submit(f"/join/{code}", form, headers={"accept-language": "es"})
    assert r.status_code == 400 and r.context["error"].startswith("Marque la casilla")
    r = client.submit(f"/join/{code}", {**form, "c0": "Robot", "consent": "yes"},
                      headers={"accept-language": "ar"})
    assert r.context["error"] == "اختر إجابة عن «gender» (يمكنك اختيار «أفضّل عدم القول»)."
    assert client.get(f"/join/{code}", headers={"accept-language": "pt"}).context["lang"] == \
        "en"  # Portuguese was not ticked for this letter
    assert organiser.get(f"/o/panels/{panel}").context["volunteers"] == []


def test_infeasible_quotas_say_which_to_relax(organiser, panel):
    organiser.submit(f"/o/panels/{panel}/quotas", {"quotas": QUOTAS})
    code = _code(organiser, panel)
    for name in ("Ann", "Bea", "Cy"):
        _join(organiser, code, name, "Woman")
    r = organiser.submit(f"/o/panels/{panel}/draw", {"seed": "66554433"})
    assert r.status_code == 400
    assert r.context["advice"] == ["gender – Man: the minimum is 1 but only 0 volunteers gave "
                                   "that answer. Lower the minimum by 1."]


def test_the_panel_drawn_is_public_and_anyone_re_runs_it(organiser, panel, client, tmp_path,
                                                        capsys, settings):
    organiser.submit(f"/o/panels/{panel}/quotas", {"quotas": QUOTAS})
    code = _code(organiser, panel)
    for n, gender in enumerate(["Woman", "Man", "Woman", "Man", "Prefer not to say", "Woman"]):
        _join(organiser, code, f"V{n}", gender, name_public="yes" if n % 2 else "")
    assert organiser.submit(f"/o/panels/{panel}/draw", {"seed": "12345612"}).status_code == 303
    page = client.get(f"/panels/{panel}")
    assert page.status_code == 200
    members = page.context["members"]
    assert len(members) == 3
    assert sum(page.context["achieved"].values()) <= 3
    for m in members:  # names only with consent
        assert (f"No. {m.number}: {m.name}" in page.text) == bool(m.name_public)
    (tmp_path / "pool.csv").write_bytes(client.get(f"/panels/{panel}/pool.csv").content)
    (tmp_path / "quotas.csv").write_bytes(client.get(f"/panels/{panel}/quotas.csv").content)
    assert "V0" not in (tmp_path / "pool.csv").read_text()  # anonymised
    assert page.context["command"] == ("hustings sortition pool.csv --quotas quotas.csv "
                                       "--seats 3 --seed 12345612")
    assert cli.main(["sortition", str(tmp_path / "pool.csv"), "--quotas",
                     str(tmp_path / "quotas.csv"), "--seats", "3", "--seed", "12345612",
                     "--format", "json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["members"] == page.context["draw"]["members"]
    assert again["chance"] == page.context["draw"]["chance"]
    # A member drops out: the replacement is drawn and logged.
    first = members[0]
    assert organiser.submit(f"/o/panels/{panel}/replace",
                            {"volunteer_id": str(first.id)}).status_code == 303
    after = organiser.get(f"/o/panels/{panel}").context["members"]
    assert len([m for m in after if not m.dropped_at]) == 3
    assert [m.replaces for m in after if m.replaces] == [first.id]
    log = organiser.get("/o/events").text
    assert "panel member replaced" in log and "seed 12345613" in log


def test_an_organiser_types_in_a_paper_reply(organiser, panel):
    organiser.submit(f"/o/panels/{panel}/quotas", {"quotas": QUOTAS})
    form = {"name": "Dot", "contact": "020 7946 0000", "c0": "In my own words",
            "own0": "", "consent": "yes", "uid": "paper-1"}
    r = organiser.submit(f"/o/panels/{panel}/paper", form)
    assert r.status_code == 400 and "own words" in r.context["error"]
    r = organiser.submit(f"/o/panels/{panel}/paper", {**form, "own0": "Agender"})
    assert r.headers["location"] == f"/o/panels/{panel}/paper?saved=1"
    [dot] = organiser.get(f"/o/panels/{panel}").context["volunteers"]
    assert (dot.source, dot.answers) == ("paper", {"gender": "In my own words"})
    assert "020 7946" not in str(dot)  # the contact is kept apart
    organiser.cookies.clear()
    assert organiser.get(f"/o/panels/{panel}/paper").status_code == 303  # organisers only


@pytest.mark.parametrize("url", ["/join/nope", "/panels/99", "/panels/99/pool.csv",
                                 "/o/panels/99", "/o/panels/99/walk"])
def test_what_is_not_there_is_a_404(organiser, url):
    assert organiser.get(url).status_code == 404


def test_nothing_is_printed_or_published_before_its_time(organiser, panel):
    assert organiser.get(f"/o/panels/{panel}/letters").status_code == 400
    assert organiser.get(f"/panels/{panel}/pool.csv").status_code == 400
    r = organiser.submit(f"/o/panels/{panel}/replace", {"volunteer_id": "1"})
    assert r.status_code == 400


def test_the_assembly_votes_at_a_meeting_of_its_own_with_a_card_per_member(organiser, panel):
    organiser.submit(f"/o/panels/{panel}/quotas", {"quotas": QUOTAS})
    code = _code(organiser, panel)
    for n, gender in enumerate(["Woman", "Man", "Woman", "Man"]):
        _join(organiser, code, f"V{n}", gender)
    hall = {"venue": "St Jude's", "starts_at": "2026-12-10T19:00"}
    r = organiser.submit(f"/o/panels/{panel}/meetings", hall)
    assert r.status_code == 400 and "Draw the panel first" in r.context["error"]
    assert organiser.submit(f"/o/panels/{panel}/draw", {"seed": "11223344"}).status_code == 303
    members = organiser.get(f"/o/panels/{panel}").context["members"]
    r = organiser.submit(f"/o/panels/{panel}/replace", {"volunteer_id": str(members[0].id)})
    sitting = organiser.get(f"/o/panels/{panel}").context["sitting"]
    assert sitting == len(members)  # the replacement sits; the one who dropped out does not
    soon = {"venue": "St Jude's", "starts_at": "soon"}
    assert organiser.submit(f"/o/panels/{panel}/meetings", soon).status_code == 400
    r = organiser.submit(f"/o/panels/{panel}/meetings", hall)
    assert r.status_code == 303 and r.headers["location"].startswith("/o/meetings/")
    meeting = organiser.get(r.headers["location"])
    assert meeting.context["cards"].printed == sitting == meeting.context["printable"]
    [(held, cards)] = organiser.get(f"/o/panels/{panel}").context["meetings"]
    assert (held.venue, cards.printed) == ("St Jude's", sitting)


def test_the_letter_speaks_the_shipped_languages_ticked_and_names_stored_before():
    from sortition.print_routes import letter_languages

    assert letter_languages("en pt es") == ["en", "pt", "es"]
    assert letter_languages("English, Español, Polski") == ["en", "es"]  # Polski never shipped
    assert letter_languages("") == ["en"]
