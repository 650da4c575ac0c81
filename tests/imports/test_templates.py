"""Saved mappings are shared within a regional centre: offered to its officers (wizard, CLI), never to another's."""

import pytest
from django.test import Client
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from tests.factories import PASSWORD
from tests.imports.files import registry_sheet, to_csv
from uplift.access.actions import user_create
from uplift.access.models import Role
from uplift.imports import jobs, selectors
from uplift.imports.core.mapping import header_key
from uplift.imports.models import MappingTemplate
from uplift.registry.models import Entrepreneur


@pytest.fixture
def officers(world):
    colleague = user_create(actor=world.admin, username="officer10b", password=PASSWORD, role=Role.REGIONAL_OFFICER,
                            centres=[10])
    north = user_create(actor=world.admin, username="officer1", password=PASSWORD, role=Role.REGIONAL_OFFICER,
                        centres=[1])
    both = user_create(actor=world.admin, username="officer1and10", password=PASSWORD, role=Role.REGIONAL_OFFICER,
                       centres=[1, 10])
    return colleague, north, both


def _centre(number: int) -> int:
    from uplift.geo.models import RegionalCentre

    return RegionalCentre.objects.get(number=number).pk


def _saved(actor, name="แบบศูนย์ 10"):
    job = jobs.job_create(actor=actor, filename="registry.csv", data=to_csv(registry_sheet()))
    jobs.mapping_set(actor=actor, job=job, mapping={i: f for i, f in job.mapping_dict().items() if f != "members"})
    return jobs.template_save(actor=actor, name=name, job=job)


def test_a_template_is_offered_to_the_officers_of_the_same_centre_only(world, officers):
    colleague, north, both = officers
    template = _saved(world.officer)
    assert template.centre.number == 10 and template.columns[header_key("ชื่อกลุ่ม")] == "name_th"
    assert list(selectors.visible_templates(colleague)) == [template]
    assert list(selectors.visible_templates(both, "entrepreneurs")) == [template]
    assert list(selectors.visible_templates(north)) == []
    assert list(selectors.visible_templates(world.consultant)) == []
    assert template in selectors.visible_templates(world.admin)


def test_the_same_name_in_another_centre_is_another_template(world, officers):
    colleague, north, both = officers
    ours = _saved(world.officer)
    theirs = _saved(north)  # the name is free in centre 1: nothing of centre 10 shows
    assert (ours.centre.number, theirs.centre.number) == (10, 1) and ours.pk != theirs.pk
    again = _saved(colleague)  # a colleague saving under the same name replaces the centre's template
    assert again.pk == ours.pk and MappingTemplate.objects.count() == 2


def test_an_officer_of_two_centres_chooses_one(world, officers):
    _colleague, north, both = officers
    job = jobs.job_create(actor=both, filename="registry.csv", data=to_csv(registry_sheet()))
    with pytest.raises(ValidationError):
        jobs.template_save(actor=both, name="สองศูนย์", job=job)
    with pytest.raises(ValidationError):
        jobs.template_save(actor=both, name="สองศูนย์", job=job, centre_id=_centre(5))
    template = jobs.template_save(actor=both, name="สองศูนย์", job=job, centre_id=_centre(1))
    assert template.centre.number == 1 and list(selectors.visible_templates(north)) == [template]


def test_the_cli_applies_a_template_of_the_centre(world, officers, tmp_path, capsys):
    colleague, north, _both = officers
    _saved(world.officer)
    sheet = tmp_path / "registry.csv"
    sheet.write_bytes(to_csv(registry_sheet()))
    with pytest.raises(CommandError, match="No mapping template named"):
        call_command("import", str(sheet), "--template", "แบบศูนย์ 10", "--user", "officer1", "--dry-run")
    call_command("import", str(sheet), "--template", "แบบศูนย์ 10", "--user", "officer10b")
    out = capsys.readouterr().out
    assert "NOT IMPORTED: column 'จำนวนสมาชิก'" in out
    assert Entrepreneur.objects.filter(name_th="กลุ่มบาติกบ้านกะทู้").get().members == 0


def test_the_wizard_offers_the_centres_templates(world, officers, client):
    colleague, north, _both = officers
    template = _saved(world.officer)
    job = jobs.job_create(actor=colleague, filename="registry.csv", data=to_csv(registry_sheet()))
    client.force_login(colleague)
    page = client.get(f"/imports/{job.pk}/mapping/")
    assert page.status_code == 200 and "แบบศูนย์ 10" in page.content.decode()
    response = client.post(f"/imports/{job.pk}/mapping/", {"template": template.pk})
    assert response.status_code == 302
    job.refresh_from_db()
    assert "members" not in job.mapping.values()
    client = Client()
    client.force_login(north)
    job1 = jobs.job_create(actor=north, filename="registry.csv", data=to_csv(registry_sheet()))
    assert "แบบศูนย์ 10" not in client.get(f"/imports/{job1.pk}/mapping/").content.decode()
    assert client.post(f"/imports/{job1.pk}/mapping/", {"template": template.pk}).status_code == 404


def test_templates_saved_before_centres_belong_to_their_creators_centre(world, officers):
    from importlib import import_module

    from django.apps import apps

    template = _saved(world.officer)
    MappingTemplate.objects.filter(pk=template.pk).update(centre=None)
    import_module("uplift.imports.migrations.0005_observations_and_centre_templates").centre_of_creator(apps, None)
    template.refresh_from_db()
    assert template.centre.number == 10
