"""Running an import in a test as every door does: upload, (mapping,) dry run, then the import quoting it."""

from uplift.imports import jobs


def run(actor, data, name="registry.csv", kind="entrepreneurs", dry_run=False, mapping=None):
    job = jobs.job_create(actor=actor, filename=name, data=data, kind=kind)
    if mapping is not None:
        jobs.mapping_set(actor=actor, job=job, mapping=mapping)
    job = jobs.job_run(actor=actor, job=job, dry_run=True)
    if not dry_run:
        job = jobs.job_run(actor=actor, job=job, dry_run=False, confirm=job.check_token)
    return job


def report(job):
    return [(item[0], item[1], item[3]) for item in job.issues]
