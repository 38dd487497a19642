from django.urls import path

from porch.desk import views

app_name = "desk"

urlpatterns = [
    path("", views.desk_queue_view, name="queue"),
    path("comments/<id:pk>/act/", views.desk_action_view, name="act"),
    path("comments/<id:pk>/edit/", views.desk_edit_view, name="edit"),
    path("comments/<id:pk>/reply/", views.desk_reply_view, name="reply"),
    path("bulk/", views.desk_bulk_view, name="bulk"),
    path("block/", views.desk_block_view, name="block"),
    path("log/", views.desk_log_view, name="log"),
    path("log.csv", views.desk_log_csv_view, name="log_csv"),
    path("learning/", views.desk_learning_view, name="learning"),
]
