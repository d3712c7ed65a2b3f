"""Guessing in parallel over HTTP, through a local runtime that runs 8 instances of each function at once: the
attempt is reserved atomically before the password is verified, so parallel guesses are verified no
more often than sequential ones. (The review got 11 password tries of 24 where 5 are allowed.)"""

import math
import threading
import time

import requests

from tests.e2e.conftest import PARALLEL_INSTANCES
from tests.e2e.test_identity import post
from tests.e2e.test_slice import crm_error, new_email, register

PARALLEL = 24
LOCKOUT_AFTER = 5


def in_parallel(send, count=PARALLEL) -> tuple[list[requests.Response], float]:
    """`send()` from `count` threads released at once; the answers and the seconds the burst took."""
    start, answers, lock = threading.Barrier(count), [], threading.Lock()

    def one():
        start.wait()
        answer = send()
        with lock:
            answers.append(answer)

    threads = [threading.Thread(target=one) for _ in range(count)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers, time.monotonic() - began


def test_parallel_wrong_passwords_are_tried_at_most_five_times(parallel_api):
    assert PARALLEL_INSTANCES >= 8
    email = new_email()
    assert register(parallel_api, parallel_api.test_key, email).status_code == 200
    answers, seconds = in_parallel(
        lambda: post(
            parallel_api,
            "/contacts/authenticate",
            {"provider": "EMAIL", "username": email, "password": "not the password"},
        )
    )
    tried = [a for a in answers if a.status_code == 401]
    locked = [a for a in answers if a.status_code == 429]
    # The 5th wrong password locks for 1 s, each further one doubles it: a burst that outlasts a lock may try
    # once more per ended lock (1, 1+2, 1+2+4 s ...), never more.
    ended_locks = int(math.log2(seconds + 1))
    assert len(tried) <= LOCKOUT_AFTER + ended_locks, (len(tried), seconds)
    assert len(tried) + len(locked) == PARALLEL, [a.status_code for a in answers]
    assert all(crm_error(a, 401)["error"] == "CRM.EXCEPTIONS.INVALIDLOGINEXCEPTION" for a in tried)
    assert all(int(a.headers["Retry-After"]) >= 1 for a in locked)
