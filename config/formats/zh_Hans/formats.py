"""Simplified Chinese number formats for business figures: 1,107,000 rather than Django's ungrouped 1107000."""

from django.conf.locale.zh_Hans.formats import *  # noqa: F403

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
