"""One HTTP session per run: explicit timeouts, 429 honoured with Retry-After, 401/403 as a clear refusal."""

import time
from email.utils import parsedate_to_datetime

import requests

from connectors.domain.kinds import SourceError

TIMEOUT = (5, 30)  # connect, read (seconds)
MAX_RETRIES = 3
MAX_WAIT = 60.0


def retry_after_seconds(value: str | None, *, default: float = 5.0) -> float:
    """Retry-After is seconds or an HTTP date; capped so a run cannot hang."""
    if not value:
        return default
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError):
            seconds = default
    return min(max(seconds, 0.0), MAX_WAIT)


class Http:
    def __init__(self, *, source: str, headers: dict | None = None, auth=None, timeout=TIMEOUT, sleep=time.sleep):
        self.source = source
        self.session = requests.Session()
        self.session.headers.update({"Accept": "application/json", **(headers or {})})
        self.session.auth = auth
        self.timeout = timeout
        self.sleep = sleep
        self.waited = 0.0

    def get_json(self, url: str, *, params=None) -> dict:
        for attempt in range(MAX_RETRIES + 1):
            try:
                response = self.session.get(url, params=params, timeout=self.timeout)
            except requests.Timeout as exc:
                raise SourceError(f"{self.source} did not answer within {self.timeout[1]} s ({url}).") from exc
            except requests.ConnectionError as exc:
                raise SourceError(f"{self.source} cannot be reached at {url}: {exc.__class__.__name__}.") from exc
            if response.status_code == 429 and attempt < MAX_RETRIES:
                wait = retry_after_seconds(response.headers.get("Retry-After"))
                self.waited += wait
                self.sleep(wait)
                continue
            if response.status_code in (401, 403):
                raise SourceError(
                    f"{self.source} refused the credentials ({response.status_code}): check the account and token."
                )
            if response.status_code == 429:
                raise SourceError(f"{self.source} kept answering 429 (rate limited) after {MAX_RETRIES} retries.")
            if response.status_code >= 400:
                raise SourceError(f"{self.source} answered {response.status_code} for {url}: {response.text[:300]}")
            try:
                return response.json()
            except ValueError as exc:
                raise SourceError(f"{self.source} answered something that is not JSON ({url}).") from exc
        raise SourceError(f"{self.source}: no answer.")  # pragma: no cover - the loop always returns or raises
