"""HTML views of cases, one module per part of the work; each module has its ``urlpatterns``."""
