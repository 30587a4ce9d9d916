"""Slack notices: an incoming webhook URL, or a bot token posting to a channel (slack-sdk)."""

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient


class SlackError(Exception):
    pass


def slack_send(*, base_url: str, credentials: dict, options: dict, text: str) -> None:
    """Send one message; SlackError says why it did not go out."""
    webhook = credentials.get("webhook_url")
    if webhook:
        response = WebhookClient(webhook, timeout=10).send(text=text)
        if response.status_code != 200:
            raise SlackError(f"Slack answered {response.status_code}: {response.body[:200]}")
        return
    token = credentials.get("bot_token")
    if not token:
        raise SlackError("Slack needs credentials: webhook_url, or bot_token with options.channel.")
    channel = options.get("channel")
    if not channel:
        raise SlackError("A bot token needs options.channel (the channel id or #name).")
    client = WebClient(token=token, timeout=10, **({"base_url": base_url.rstrip("/") + "/"} if base_url else {}))
    try:
        client.chat_postMessage(channel=channel, text=text)
    except SlackApiError as exc:
        raise SlackError(f"Slack refused the message: {exc.response.get('error', exc)}") from exc
