from django.urls import path
from django.views.generic import RedirectView

from feedback import views

app_name = "feedback"

urlpatterns = [
    # Someone who types the section's address lands on the form.
    path("feedback/", RedirectView.as_view(pattern_name="feedback:new"), name="index"),
    path("feedback/new/", views.feedback_new, name="new"),
    path("feedback/thanks/", views.feedback_thanks, name="thanks"),
    path("feedback/track/", views.feedback_track, name="track"),
    path("feedback/track/helpful/", views.feedback_rate, name="rate"),
    path("feedback/you-said-we-did/", views.feedback_showcase, name="showcase"),
    path("feedback/captcha/<str:key>/", views.captcha_image, name="captcha-image"),
    path("surveys/", views.survey_list, name="survey-list"),
    path("surveys/<slug:slug>/", views.survey, name="survey"),
    path("surveys/<slug:slug>/results/", views.survey_results, name="survey-results"),
    path("surveys/<slug:slug>/results.csv", views.survey_results_csv, name="survey-results-csv"),
]
