"""The address on the cards: phones must reach it, and `hustings run` says where that is."""

import argparse

import pytest

import accounts
import cli
from app import Settings, create_app
from primary import demo
from tests.conftest import Client, run, with_db
from votes import hall_address


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000", "http://localhost:5000",
                                 "http://127.3.4.5", "http://[::1]:8000", "http://0.0.0.0:8000",
                                 "http://hall.localhost:8000"])
def test_addresses_only_this_computer_opens(url):
    assert hall_address.only_this_computer(url)


@pytest.mark.parametrize("url", ["http://192.168.1.23:8000", "http://10.0.0.5",
                                 "https://vote.example.org", "http://testserver"])
def test_addresses_phones_can_reach(url):
    assert not hall_address.only_this_computer(url)


def test_the_base_url_follows_the_port_and_the_network():
    assert hall_address.base_url("127.0.0.1", 8123, "192.168.1.23") == "http://127.0.0.1:8123"
    assert hall_address.base_url("0.0.0.0", 8123, "192.168.1.23") == "http://192.168.1.23:8123"
    assert hall_address.base_url("0.0.0.0", 80, "10.0.0.7") == "http://10.0.0.7"
    assert hall_address.base_url("192.168.4.2", 9000, None) == "http://192.168.4.2:9000"


def test_the_lan_address_is_never_this_computer_only():
    found = hall_address.lan_address()
    assert found is None or not hall_address.only_this_computer(f"http://{found}")


def _args(*argv):
    parser = argparse.ArgumentParser()
    cli._serve_args(parser)
    return parser.parse_args(list(argv))


def test_run_with_a_port_puts_that_port_in_links_and_warns_about_localhost(monkeypatch):
    monkeypatch.delenv("HUSTINGS_BASE_URL", raising=False)
    monkeypatch.setattr(hall_address, "lan_address", lambda: "192.168.1.23")
    line = cli._hall_address(_args("--port", "8123"))
    assert Settings.from_env().base_url == "http://127.0.0.1:8123"
    assert "only this computer can open" in line and "192.168.1.23" in line


def test_run_for_the_hall_listens_everywhere_and_prints_the_lan_address(monkeypatch):
    monkeypatch.delenv("HUSTINGS_BASE_URL", raising=False)
    monkeypatch.setattr(hall_address, "lan_address", lambda: "192.168.1.23")
    args = _args("--hall", "--port", "8123")
    line = cli._hall_address(args)
    assert args.host == "0.0.0.0"
    assert Settings.from_env().base_url == "http://192.168.1.23:8123"
    assert line == "Cards, QR codes and links point at http://192.168.1.23:8123."


def test_run_for_the_hall_off_any_network_says_what_to_do(monkeypatch):
    monkeypatch.delenv("HUSTINGS_BASE_URL", raising=False)
    monkeypatch.setattr(hall_address, "lan_address", lambda: None)
    with pytest.raises(cli.CliError, match="hotspot"):
        cli._hall_address(_args("--hall"))


def test_a_set_base_url_is_kept(monkeypatch):
    monkeypatch.setenv("HUSTINGS_BASE_URL", "https://vote.example.org")
    cli._hall_address(_args("--port", "9000"))
    assert Settings.from_env().base_url == "https://vote.example.org"


def test_voting_will_not_open_while_cards_point_at_localhost(settings):
    local = Settings(settings.db_path, settings.secret_key, base_url="http://127.0.0.1:8000")
    report = run(demo.create(local, cards=5, activate=5))
    token = with_db(local, lambda d: accounts.add_organiser(d, "org@example.org"))
    with Client(create_app(local), follow_redirects=False) as c:
        c.get(f"/login/{token}")
        c.submit(f"/login/{token}")
        url = f"/o/primaries/{report.primary_id}"
        check = c.get(url).context["checks"][0]
        assert not check.ok and check.blocking and "127.0.0.1:8000" in check.text
        r = c.submit(f"{url}/open")
        assert r.status_code == 400 and "hustings run --hall" in r.context["error"]
        assert r.context["phase"] == "setup"
