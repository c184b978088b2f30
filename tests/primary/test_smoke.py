def test_home_and_login_page(client):
    assert client.get("/").status_code == 200
    assert client.get("/login").status_code == 200
