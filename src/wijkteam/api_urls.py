"""REST API routes; each app contributes its viewsets in its own ``api.py``."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()

urlpatterns = router.urls
