"""The kinds of connector and what each one does."""

JIRA, SALESFORCE, HUBSPOT, SLACK = "jira", "salesforce", "hubspot", "slack"
KINDS = (JIRA, SALESFORCE, HUBSPOT, SLACK)
CRM_KINDS = (SALESFORCE, HUBSPOT)
SOURCE_KINDS = (JIRA, SALESFORCE, HUBSPOT)  # Slack only receives notices


class SourceError(Exception):
    """The source refused or failed the whole run (bad token, unreachable, malformed answer): nothing is written."""


class ItemError(Exception):
    """One item cannot be written as the source describes it; the run goes on with the others."""
