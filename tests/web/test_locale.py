import pytest

pytestmark = pytest.mark.django_db


def test_thai_is_the_default_even_for_an_english_browser(world, client):
    client.force_login(world.officer)
    page = client.get("/entrepreneurs/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert page.headers["Content-Language"] == "th"
    assert "ผู้ประกอบการ" in page.content.decode()


def test_the_switch_turns_the_interface_english(world, client):
    client.force_login(world.officer)
    client.post("/i18n/setlang/", {"language": "en", "next": "/entrepreneurs/"})
    page = client.get("/entrepreneurs/")
    assert page.headers["Content-Language"] == "en"
    assert "Entrepreneurs" in page.content.decode()
