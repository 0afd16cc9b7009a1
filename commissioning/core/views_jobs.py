"""Pages for following background jobs: the list of your jobs and one job's progress and outcome."""
from django.shortcuts import get_object_or_404, render

from commissioning.accounts.roles import COUNCIL_ROLES, Role

from .jobs import jobs_visible_to
from .pagination import paginate
from .permissions import allow_roles

EVERYONE = COUNCIL_ROLES | {Role.PROVIDER_USER}


@allow_roles(EVERYONE)
def job_list(request):
    """The jobs you started; a provider user sees every job of its own organisation."""
    jobs = jobs_visible_to(request.user)
    if not request.user.is_provider_user:
        jobs = jobs.filter(started_by=request.user)
    return render(request, "core/jobs/job_list.html", paginate(request, jobs))


@allow_roles(EVERYONE)
def job_detail(request, pk):
    """One job: its status, a progress bar that refreshes itself (HTMX) or by the Refresh link, its outcome."""
    job = get_object_or_404(jobs_visible_to(request.user), pk=pk)
    template = "core/jobs/_job_progress.html" if request.headers.get("HX-Request") else "core/jobs/job_detail.html"
    return render(request, template, {"job": job})
