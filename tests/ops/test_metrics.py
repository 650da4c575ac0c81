"""/metrics: requests by view and status, queries, the job queue, live workers."""

import pytest

from uplift.ops import jobs
from uplift.ops.tasks import probe

pytestmark = pytest.mark.django_db


def _sample(text: str, prefix: str) -> float:
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(prefix))


def test_requests_and_queries_are_counted(world, client):
    client.force_login(world.officer)
    before = _sample(client.get("/metrics").content.decode(),
                     'uplift_http_requests_total{method="GET",status="200",view="entrepreneur-list"}')
    client.get("/entrepreneurs/")
    client.get("/entrepreneurs/")
    text = client.get("/metrics").content.decode()
    assert _sample(text, 'uplift_http_requests_total{method="GET",status="200",view="entrepreneur-list"}') == before + 2
    assert _sample(text, 'uplift_db_queries_total{view="entrepreneur-list"}') > 0
    assert 'uplift_http_request_duration_seconds_bucket{le="0.005",method="GET",view="entrepreneur-list"}' in text


def test_the_job_queue_and_workers_are_reported(client):
    probe.enqueue("คิว-1", 0)
    probe.enqueue("คิว-2", 0)
    jobs.heartbeat_start("ผู้ทำงาน-เมตริก")
    text = client.get("/metrics").content.decode()
    assert 'uplift_job_queue_depth{queue="default",status="READY"} 2.0' in text
    assert "uplift_workers_alive 1.0" in text
    assert "uplift_job_oldest_ready_seconds" in text


def test_a_token_guards_metrics_when_set(client, settings):
    settings.UPLIFT_METRICS_TOKEN = "s3cret-metrics-token"
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", headers={"Authorization": "Bearer s3cret-metrics-token"}).status_code == 200
