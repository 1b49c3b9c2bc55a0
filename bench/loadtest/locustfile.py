"""Load test of wijkteam's web UI: staff members who log in once and then work through a
weighted mix of pages (``operations.MIX``); each request is counted under its operation's name.

Run it through ``run.sh`` (which starts the production server); by hand:

    bench/.venv/bin/locust -f bench/loadtest/locustfile.py --headless -u 16 -t 60s \
        --host http://127.0.0.1:8765

The server runs with production settings behind what would be a TLS proxy: every request says
``X-Forwarded-Proto: https`` (the proxy's header, ``SECURE_PROXY_SSL_HEADER``), and the client
sends the secure session and CSRF cookies back over the plain local connection.
"""

from __future__ import annotations

import itertools
import os
import sys
from http.cookiejar import DefaultCookiePolicy
from pathlib import Path
from urllib.parse import urlencode

import gevent.event
from locust import FastHttpUser, between

# Locust puts this directory on the path; so does this line, for a plain ``import locustfile``.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from operations import (
    MIX,
    Config,
    Operation,
    OperationFailed,
    Reply,
    Request,
    Visit,
    login,
)

CONFIG = Config.load()
# Each simulated user takes the next username, so 16 users spread over the list.
_next_user = itertools.count()
# The measurement starts when the last user has logged in: the statistics are reset then, so
# that a burst of simultaneous logins (each a deliberately slow password hash) is not counted
# as the load of the mix. The login requests themselves are therefore not in the results.
_logged_in = itertools.count(1)
_everyone_in = gevent.event.Event()


class BehindTlsProxy(DefaultCookiePolicy):
    """Sends the secure cookies over the plain local connection, as the browser would over the
    TLS connection to the proxy in front of the server."""

    def return_ok_secure(self, cookie, request) -> bool:
        return True


def _task_for(name: str, operation: Operation):
    def run(user: StaffMember) -> None:
        user._task(name, operation)

    run.__name__ = name
    return run


class StaffMember(FastHttpUser):
    tasks = {_task_for(name, op): weight for name, (op, weight) in MIX.items()}
    # Think time between operations: a person reads a page before the next click. Compressed
    # (a real one reads for 10-60 s), so that 16 users here are the load of many more.
    # BENCH_WAIT_MIN / BENCH_WAIT_MAX (seconds) change it.
    wait_time = between(
        float(os.environ.get("BENCH_WAIT_MIN", "0.5")), float(os.environ.get("BENCH_WAIT_MAX", "2"))
    )
    # What the TLS proxy in front of the server tells Django (SECURE_PROXY_SSL_HEADER).
    default_headers = {"X-Forwarded-Proto": "https"}

    def on_start(self) -> None:
        username = CONFIG.usernames[next(_next_user) % len(CONFIG.usernames)]
        self.visit = Visit(username=username, config=CONFIG)
        self.client.cookiejar.set_policy(BehindTlsProxy())
        self.origin = f"https://{self.host.split('://', 1)[1].rstrip('/')}"
        logged_in = self._task("login", login)
        if next(_logged_in) >= self.environment.runner.target_user_count:
            self.environment.stats.reset_all()
            _everyone_in.set()
        if not logged_in:
            # Without a session the other operations would only measure the login page.
            self.stop()
        _everyone_in.wait()

    def _run(self, operation: Operation) -> bool:
        """Send the operation's requests in turn; False when one of them failed."""
        steps = operation(self.visit)
        try:
            request = next(steps)
            while True:
                reply = self._send(request)
                if reply is None:
                    steps.close()
                    return False
                self.visit.saw(reply)
                request = steps.send(reply)
        except StopIteration:
            return True

    def _send(self, request: Request) -> Reply | None:
        headers = {}
        body = None
        if request.method == "POST":
            headers["Referer"] = f"{self.origin}{request.path}"
            headers["Origin"] = self.origin
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            form = list(request.form or [])
            if request.htmx:
                headers["HX-Request"] = "true"
                headers["X-CSRFToken"] = self.visit.csrf
            else:
                form.append(("csrfmiddlewaretoken", self.visit.csrf))
            body = urlencode(form)
        with self.client.request(
            request.method,
            request.path,
            name=request.name,
            data=body,
            headers=headers,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            reply = Reply(
                status=response.status_code,
                text=response.text or "",
                location=response.headers.get("Location", "") if response.headers else "",
            )
            if request.expect and response.status_code != request.expect:
                response.failure(f"status {response.status_code}, expected {request.expect}")
                return None
            if response.status_code >= 400:
                response.failure(f"status {response.status_code}")
                return None
            return reply

    def _task(self, name: str, operation: Operation) -> bool:
        try:
            return self._run(operation)
        except OperationFailed as error:
            # The page was wrong although its status was fine: one failure for the operation.
            self.environment.events.request.fire(
                request_type="OPERATION",
                name=name,
                response_time=0,
                response_length=0,
                exception=error,
                context={},
            )
            return False
