from django.urls import path

from . import actions

urlpatterns = [
    path("lists/<int:pk>/events/", actions.ListEventView.as_view(), name="list-events"),
    path("applications/start/", actions.ApplicationStartView.as_view(), name="application-start"),
    path("applications/<int:pk>/draft/", actions.ApplicationDraftView.as_view(), name="application-draft"),
    path("applications/<int:pk>/submit/", actions.ApplicationSubmitView.as_view(), name="application-submit"),
    path("applications/<int:pk>/scores/", actions.ApplicationScoresView.as_view(), name="application-scores"),
    path("applications/<int:pk>/moderation/", actions.ApplicationModerationView.as_view(),
         name="application-moderation"),
    path("applications/<int:pk>/decision/", actions.ApplicationDecisionView.as_view(), name="application-decision"),
    path("memberships/<int:pk>/events/", actions.MembershipEventView.as_view(), name="membership-events"),
]
