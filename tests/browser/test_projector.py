"""The projector at 1280x720 and 1920x1080, and the public results page, in Chromium: nothing
clipped, buttons above the fold, votes moving between rounds and ending on the winner, the
Sankey of transfers."""

import csv
import re

from playwright.sync_api import expect

from tests.browser.conftest import problems
from tests.browser.test_languages import _english_left
from tests.phones import Phone

LONG = "Bernadette Okonkwo-Fairweather"
# Dev has no votes and goes first; then Ben and Carmen tie on 3 in every round so far, and the
# published draw decides; Ana wins either way.
BALLOTS = ([["Ana Okafor"]] * 6 + [["Ben Hughes", "Ana Okafor"]] * 3
           + [["Carmen Diaz", "Ben Hughes"]] * 3 + [[LONG, "Carmen Diaz"]] * 4)


def evening(server, browser, tmp_path):
    """A demo evening with a fifth, long-named candidate, 14 phones voted, voting closed."""
    codes_file = tmp_path / "codes.csv"
    out = server.cli("demo", "--cards", "20", "--activate", "20", "--codes", str(codes_file))
    login = next(w for w in out.split() if "/login/" in w)
    primary = re.search(r"(/o/primaries/\d+)\b", out).group(1)
    laptop = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    laptop.goto(login)
    laptop.get_by_role("button", name="Log in").click()
    laptop.goto(server.url + primary)
    laptop.get_by_label("Name", exact=True).fill(LONG)
    laptop.get_by_role("button", name="Add candidate").click()
    laptop.get_by_role("button", name="Open voting").click()
    with open(codes_file) as f:
        codes = [row["code"] for row in csv.DictReader(f)]
    for code, ranking in zip(codes, BALLOTS, strict=False):
        phone = Phone(f"http://127.0.0.1:{server.port}")
        page = phone.get(f"/v/{code}").text
        options = re.findall(r'<option value="(\d+)"\s*>([^<]+)</option>', page)
        ids = {name: i for i, name in options}
        primary_id = re.search(r'name="primary_id" value="(\d+)"', page).group(1)
        data = {"primary_id": primary_id, **{f"rank{i}": ids[n] for i, n in enumerate(ranking, 1)}}
        assert phone.post(f"/v/{code}/cast", data).status_code == 200
        phone.close()
    laptop.goto(server.url + primary + "/projector")
    expect(laptop.locator("#t-voted")).to_have_text(str(len(BALLOTS)))
    expect(laptop.locator(".short-address")).to_contain_text(f"hall.test:{server.port}/v")
    assert laptop.locator("#t-bar").get_attribute("width") == "800.0"  # 16 of 20 cards
    assert laptop.evaluate(CLIPPED) == []
    laptop.goto(server.url + primary)
    laptop.get_by_label("I am the chair").check()
    laptop.get_by_role("button", name="Close voting and count").click()
    return laptop, server.url + primary


CLIPPED = """() => {
  const out = [];
  const labels = 'main h1, .count th, .count td.count-votes, .count-head, .count-moves,'
    + ' .count-ties, .nav a, .winners li, .turnout, .state, .short-address';
  for (const el of document.querySelectorAll(labels)) {
    if (el.hidden || !el.getClientRects().length) continue;
    const r = el.getBoundingClientRect();
    if (r.left < 0 || r.right > innerWidth + 0.5 || el.scrollWidth > el.clientWidth + 1)
      out.push(el.textContent.trim() + ' ' + JSON.stringify([r.left, r.right, innerWidth]));
  }
  return out;
}"""


def below_the_fold(page) -> list[str]:
    return page.evaluate("""() => [...document.querySelectorAll('.nav a')].filter(a => !a.hidden)
        .filter(a => a.getBoundingClientRect().bottom > innerHeight).map(a => a.textContent)""")


def test_the_projector_fits_animates_and_ends_on_the_winner(server, browser, tmp_path):
    laptop, primary = evening(server, browser, tmp_path)
    for width, height in ((1280, 720), (1920, 1080)):
        screen = browser.new_context(viewport={"width": width, "height": height},
                                     storage_state=laptop.context.storage_state()).new_page()
        screen.goto(primary + "/projector")
        expect(screen.get_by_role("link", name="Reveal round 1")).to_be_visible()
        title = screen.get_by_role("heading", level=1).inner_text()
        assert title == "Coldharbour primary"  # the demo ward, not said twice
        screen.get_by_role("link", name="Reveal round 1").click()
        last = int(screen.locator("#count").get_attribute("data-last"))
        chips_seen = set()
        for n in range(1, last + 1):
            expect(screen.locator("#count-round")).to_have_text(f"Round {n} of {last}")
            assert screen.evaluate(CLIPPED) == [], (width, n)
            assert below_the_fold(screen) == [], (width, n)
            if n == 2:
                expect(screen.locator("#count-ties")).to_contain_text(
                    "Ben Hughes and Carmen Diaz tied; the published draw put")
                assert "SHA-256" not in screen.locator("#count").inner_text()
            if n < last:
                moving = screen.locator("#count-moves").inner_text()
                screen.get_by_role("link", name=f"Round {n + 1}").click()
                if moving:  # votes visibly move: chips fly from the candidate who went out
                    expect(screen.locator(".chip").first).to_be_attached()
                    chips_seen.add(n)
        assert chips_seen, "no votes were seen moving"
        expect(screen.locator(".chip")).to_have_count(0)
        assert problems(screen) == []
        expect(screen.locator("#count .count-row.elected th")).to_have_text(["Ana Okafor"])
        screen.get_by_role("link", name="Show the winners").click()
        expect(screen.locator("#winners li")).to_have_text(["Ana Okafor"])
        assert screen.evaluate(CLIPPED) == []
        expect(screen.locator(".results-qr svg")).to_be_visible()
        assert problems(screen) == []
        screen.context.close()


def test_the_projector_without_javascript_steps_through_pages(server, browser, tmp_path):
    laptop, primary = evening(server, browser, tmp_path)
    plain = browser.new_context(viewport={"width": 1280, "height": 720},
                                java_script_enabled=False,
                                storage_state=laptop.context.storage_state()).new_page()
    plain.goto(primary + "/projector?round=1")
    last = int(plain.locator("#count").get_attribute("data-last"))
    for n in range(2, last + 1):
        plain.get_by_role("link", name=f"Round {n}").click()
        expect(plain.locator("#count-round")).to_have_text(f"Round {n} of {last}")
    plain.get_by_role("link", name="Show the winners").click()
    expect(plain.locator("#winners li")).to_have_text(["Ana Okafor"])
    # the hall's language, one tap away: the tie in round 2 said in it too
    plain.goto(primary + "/projector?round=2&lang=es")
    expect(plain.locator("html")).to_have_attribute("lang", "es")
    expect(plain.locator("#count-ties")).to_contain_text(
        "Ben Hughes y Carmen Diaz empataron; el sorteo publicado eliminó a")
    assert _english_left(plain) == []
    plain.goto(primary + f"/projector?round={last + 1}")
    expect(plain.locator(".winners-title")).not_to_have_text("Elected")
    assert _english_left(plain) == []


def test_the_results_page_shows_the_rounds_the_flow_and_a_sheet_to_print(server, browser,
                                                                         tmp_path):
    laptop, primary = evening(server, browser, tmp_path)
    laptop.goto(primary)
    laptop.get_by_role("button", name="Publish results").click()
    public = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    public.goto(primary.replace("/o/primaries/", "/results/"))
    expect(public.locator("#count-round")).to_contain_text("Round")
    expect(public.locator(".ties")).to_contain_text(
        "Ben Hughes and Carmen Diaz tied; the published draw put")
    flow = public.locator("figure.flow svg")
    expect(flow).to_be_visible()
    assert problems(public) == []
    assert public.locator(".flow-band.moved").count() >= 1
    assert public.locator(".flow-band.kept").count() >= 3
    titles = public.locator(".flow-band title").all_text_contents()
    assert any(re.match(r"3 move from (Ben Hughes|Carmen Diaz) to", t) for t in titles), titles
    labels = public.locator(".flow-label").all_text_contents()
    assert f"{LONG} 4" in labels and any(t.startswith("Ana Okafor") for t in labels)
    for box in public.locator(".flow-label").all():
        b, svg = box.bounding_box(), flow.bounding_box()
        assert b["x"] >= svg["x"] - 1 and b["x"] + b["width"] <= svg["x"] + svg["width"] + 1
    public.get_by_role("link", name="Round 1", exact=True).click()
    last = public.locator("#count").get_attribute("data-last")
    expect(public.locator("#count-round")).to_have_text(f"Round 1 of {last}")
    public.get_by_role("link", name="Results sheet to print").click()
    expect(public.get_by_role("heading", name=re.compile("Elected: Ana Okafor"))).to_be_visible()
    expect(public.locator(".sheet-qr svg")).to_be_visible()
    assert problems(public) == []
    # in Arabic: the ties, the flow's labels and the sheet say no English
    public.goto(primary.replace("/o/primaries/", "/results/") + "?lang=ar")
    expect(public.locator("html")).to_have_attribute("dir", "rtl")
    expect(public.locator(".ties")).to_contain_text("وأخرجت القرعة المنشورة")
    assert not any("move from" in t for t in public.locator(".flow-band title")
                   .all_text_contents())
    assert _english_left(public) == []
    public.get_by_role("link", name="ورقة النتائج للطباعة").click()
    expect(public.locator(".sheet-head h1")).to_contain_text("النتائج")
    assert _english_left(public) == []
