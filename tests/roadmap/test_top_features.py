"""Home's and the review's top priorities follow the ranking, so expedite work comes first."""

import pytest
from django.utils import timezone

from roadmap.models import PriorityScore
from roadmap.selectors.scoring import top_features_list
from tests.factories import FeatureFactory

pytestmark = pytest.mark.django_db


def test_top_features_follow_the_rank_not_the_raw_score():
    fix = FeatureFactory(title="Storage stabilization", kind="stabilization")
    big = FeatureFactory(title="Comment threads")
    now = timezone.now()
    PriorityScore.objects.create(feature=fix, score=9.7, rank=1, policy_version=1, computed_at=now)
    PriorityScore.objects.create(feature=big, score=18.7, rank=2, policy_version=1, computed_at=now)
    assert [s.feature.title for s in top_features_list(limit=5)] == ["Storage stabilization", "Comment threads"]
