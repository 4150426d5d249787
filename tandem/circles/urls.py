app_name = "circles"

urlpatterns = []
