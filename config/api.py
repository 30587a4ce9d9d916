from django.urls import path
from rest_framework.routers import DefaultRouter

from connectors.api.views import ConnectorViewSet
from customers.api.forecasts import DeploymentForecastApi, DeploymentSamplesApi
from customers.api.views import CustomerViewSet, DeploymentViewSet, PersonaViewSet
from incidents.api.views import IncidentViewSet
from roadmap.api.plan import PlanApi, SummaryApi
from roadmap.api.scenarios import ScenarioViewSet
from roadmap.api.scores import PriorityScoreViewSet
from roadmap.api.views import CommitmentViewSet, FeatureViewSet, ReleaseViewSet, TeamViewSet

router = DefaultRouter()
router.register("customers", CustomerViewSet)
router.register("personas", PersonaViewSet)
router.register("deployments", DeploymentViewSet)
router.register("incidents", IncidentViewSet)
router.register("teams", TeamViewSet)
router.register("releases", ReleaseViewSet)
router.register("features", FeatureViewSet)
router.register("commitments", CommitmentViewSet)
router.register("scores", PriorityScoreViewSet, basename="score")
router.register("scenarios", ScenarioViewSet)
router.register("connectors", ConnectorViewSet)

urlpatterns = [
    path("deployments/<int:pk>/samples/", DeploymentSamplesApi.as_view(), name="deployment-samples"),
    path("deployments/<int:pk>/forecast/", DeploymentForecastApi.as_view(), name="deployment-forecast"),
    path("plan/", PlanApi.as_view(), name="plan"),
    path("summary/", SummaryApi.as_view(), name="summary"),
    *router.urls,
]
