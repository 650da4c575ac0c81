import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from uplift.access import policy
    from uplift.core.reference import reference_load

    with django_db_blocker.unblock():
        reference_load(actor=policy.system_actor())
    yield
    with django_db_blocker.unblock():
        _end_other_sessions()


def _end_other_sessions() -> None:
    """Close sessions the run left open on the PostgreSQL test database before it is dropped.

    Seen in a full run: idle sessions opened by the browser tests' server threads outlive their
    tests, and the connection Django holds at teardown may be one the kill test ended; the drop
    then warned that the database "is being accessed by other users". Not seen when a folder runs alone.
    """
    import psycopg
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        return
    params = connection.settings_dict
    connections.close_all()
    server = f"postgresql://{params['USER']}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/postgres"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND state = 'idle'",
                      [params["NAME"]])


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Tests that ask for `areas` or `world` get the test database even without a django_db mark.

    Runs before pytest-django orders the tests (database tests, then transactional ones, then the rest):
    unmarked, these tests ran after the transactional ones, each reloading the reference data they flush.
    """
    for item in items:
        names = getattr(item, "fixturenames", ())
        if "page" in names and item.get_closest_marker("browser") is None:
            item.add_marker(pytest.mark.browser)
        if ("areas" in names or "world" in names) and item.get_closest_marker("django_db") is None:
            transactional = "live_server" in names or "transactional_db" in names
            item.add_marker(pytest.mark.django_db(transaction=transactional))


@pytest.fixture
def areas(request):
    """Reference data (areas, centres, standards) in the test database.

    Loaded per test when missing, because transactional (browser) tests flush every table.
    """
    use_tx = any(f in request.fixturenames for f in ("transactional_db", "live_server"))
    request.getfixturevalue("transactional_db" if use_tx else "db")
    from uplift.access import policy
    from uplift.core.reference import reference_load
    from uplift.geo.models import Subdistrict

    if not Subdistrict.objects.exists():
        reference_load(actor=policy.system_actor())


@pytest.fixture
def world(areas):
    """A small registry over two regions, and one user of each role.

    Phuket (centre 10) holds กลุ่มวิสาหกิจชุมชนบาติกป่าตอง, Chiang Mai (centre 1) holds
    กลุ่มทอผ้าไหมบ้านสันกำแพง; the officer of centre 10, the consultant of the batik group and
    the Chiang Mai group's own account each see one of them.
    """
    from tests.factories import make_world

    return make_world()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
