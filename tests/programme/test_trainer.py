"""A trainer (the session's staff) takes attendance for their own session, and only their own."""

from django.urls import reverse

from tests.factories import PASSWORD
from tests.programme.conftest import at, workshop
from uplift.access.actions import user_create
from uplift.access.models import Role
from uplift.programme.models import Attendance


def test_trainer_takes_attendance_for_their_own_session(client, world, programme):
    trainer = user_create(actor=world.admin, username="trainer_kru", password=PASSWORD, role=Role.CONSULTANT)
    [mine] = workshop(world.admin, programme.cohort_cm, trainer, at(10, 9), at(10, 12))
    [other] = workshop(world.admin, programme.cohort_cm, world.officer, at(11, 9), at(11, 12))
    assert client.login(username="trainer_kru", password=PASSWORD)
    url = reverse("programme:session", args=[mine.pk])
    page = client.get(url).content.decode()
    assert world.chiangmai.name_th in page and f'name="status-{programme.cm1.pk}"' in page
    client.post(url, {"enrolment": [programme.cm1.pk], f"status-{programme.cm1.pk}": "present",
                      f"hours-{programme.cm1.pk}": "3"})
    assert Attendance.objects.get(session=mine, enrolment=programme.cm1).status == "present"
    assert client.get(reverse("programme:session", args=[other.pk])).status_code == 404
