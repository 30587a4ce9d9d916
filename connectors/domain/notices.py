"""What a Slack notice says: plain text with a link back to the page (Slack's mrkdwn link form)."""

from datetime import date


def link(url: str, label: str) -> str:
    return f"<{url}|{label}>" if url else label


def late_text(*, feature: str, customer: str, promised: date, eta: date | None, url: str) -> str:
    when = f"planned {eta.isoformat()}" if eta else "not planned"
    promised_on = promised.isoformat()
    return f":warning: A promise is now late: {link(url, feature)} for {customer}, promised {promised_on}, {when}."


def request_text(*, feature: str, customer: str, requested_by: str, promised: date, url: str) -> str:
    return (
        f":inbox_tray: A promise request waits for a PM: {link(url, feature)} for {customer} by {promised.isoformat()}"
        f" (asked by {requested_by or 'someone'})."
    )


def accepted_text(*, scenario: str, by: str, url: str) -> str:
    who = by or "someone"
    return f":white_check_mark: Scenario accepted: {link(url, scenario)} (by {who}); the committed plan changed."
