from django.urls import path

from porch.comments import subscription_views

app_name = "comments"

urlpatterns = [
    path(
        "subscriptions/confirm/<str:signed>/",
        subscription_views.subscription_confirm_view,
        name="subscription_confirm",
    ),
    path(
        "subscriptions/unsubscribe/<str:signed>/",
        subscription_views.subscription_unsubscribe_view,
        name="subscription_unsubscribe",
    ),
]
