"""The entrepreneur's own start page, and a Thai forbidden page with a way back instead of a bare 403."""

from django.urls import reverse

from tests.factories import PASSWORD


def test_owner_starts_on_their_own_record(client, world):
    response = client.post(reverse("login"), {"username": world.owner.username, "password": PASSWORD})
    own = reverse("entrepreneur-detail", args=[world.chiangmai.pk])
    assert response.status_code == 302 and response["Location"] == own
    assert client.get("/")["Location"] == own


def test_officer_still_starts_on_the_list(client, world):
    response = client.post(reverse("login"), {"username": world.officer.username, "password": PASSWORD})
    assert response["Location"] == reverse("entrepreneur-list")


def test_forbidden_page_is_thai_with_a_way_back(client, world):
    assert client.login(username=world.owner.username, password=PASSWORD)
    response = client.get(reverse("imports:export", args=["csv"]), HTTP_ACCEPT_LANGUAGE="th")
    assert response.status_code == 403
    html = response.content.decode()
    assert "หน้านี้ไม่ใช่สำหรับบทบาทของคุณ" in html and 'href="/"' in html
    assert reverse("screening:rounds") not in html
