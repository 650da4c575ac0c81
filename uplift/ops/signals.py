"""Events of the job machinery other apps answer, so one reaper settles every kind of job."""

from django.dispatch import Signal

# Sent inside the recovery's transaction for each RUNNING job whose worker was lost, with task_path,
# job_id, args, kwargs and requeued (True: back in the queue; False: marked failed). A receiver
# settles its own record (a screening run, an import) in the same transaction.
job_lost = Signal()
