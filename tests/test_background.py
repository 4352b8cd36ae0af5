"""The driver's writing thread (background.py): jobs in order, bounded, the first error kept and
the jobs after it dropped."""
import threading

import pytest

from pipeline.background import Background


def test_jobs_run_in_the_order_given_in_another_thread():
    done, threads = [], set()
    jobs = Background("test-writer", queued=2)
    for i in range(10):
        jobs.submit(lambda i=i: done.append(i) or threads.add(threading.current_thread().name))
    jobs.close()
    assert done == list(range(10)) and threads == {"test-writer"} and jobs.error is None


def test_the_first_error_is_kept_and_later_jobs_are_dropped():
    done = []

    def fail():
        raise OSError("disk full")

    jobs = Background("test-writer", queued=2)
    for job in (lambda: done.append(1), fail, lambda: done.append(2)):
        jobs.submit(job)
    jobs.close()
    assert done == [1] and isinstance(jobs.error, OSError) and str(jobs.error) == "disk full"


def test_a_producer_waits_when_the_queue_is_full():
    release, started = threading.Event(), threading.Event()
    jobs = Background("test-writer", queued=1)
    jobs.submit(lambda: started.set() or release.wait())
    started.wait()
    jobs.submit(lambda: None)  # waits in the queue
    third = threading.Thread(target=jobs.submit, args=(lambda: None,))
    third.start()
    third.join(0.2)
    assert third.is_alive()  # the queue holds one: the third job waits for room
    release.set()
    third.join()
    jobs.close()


def test_closing_twice_is_harmless_and_a_closed_writer_takes_no_job():
    jobs = Background("test-writer", queued=1)
    jobs.close()
    jobs.close()
    assert not jobs.open
    with pytest.raises(RuntimeError, match="closed"):
        jobs.submit(lambda: None)
