"""Pages for importing a CQC file: upload and check, review the report, import with progress."""
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from commissioning.core.errors import form_errors_from
from commissioning.core.forms import GovukFormMixin
from commissioning.core.jobs import job_for_record
from commissioning.core.permissions import allow_roles

from . import rules, selectors
from .imports import cqc_import_cancel, cqc_import_stage, cqc_import_start
from .models import CqcImportRun
from .transitions import TransitionNotAllowed


class UploadForm(GovukFormMixin, forms.Form):
    file = forms.FileField(
        label="CQC file", help_text="A CSV from the CQC care directory, or of CQC API location fields, up to 20 MB",
        error_messages={"required": "Select a CQC file to check", "empty": "The selected file is empty"},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}))


@allow_roles(rules.IMPORT_CQC)
def import_start(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            run = cqc_import_stage(file_name=upload.name, content=upload.read(), by=request.user)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            return redirect(run)
    return render(request, "providers/import_start.html", {
        "form": form, "runs": selectors.import_runs(user=request.user)[:20]})


@allow_roles(rules.IMPORT_CQC)
def import_detail(request, pk):
    """The check's report and the choice to import; while importing, the progress."""
    run = get_object_or_404(selectors.import_runs(user=request.user), pk=pk)
    problem = ""
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "cancel":
                cqc_import_cancel(run=run, by=request.user)
                messages.success(request, "Import cancelled. Nothing was written.")
            elif action in ("import", "import_good"):
                run = cqc_import_start(run=run, by=request.user, skip_bad_rows=action == "import_good")
                job = job_for_record(user=request.user, obj=run)
                if job is not None and not job.is_finished:
                    return redirect(job)
            return redirect(run)
        except (ValidationError, TransitionNotAllowed) as error:
            problem = " ".join(getattr(error, "messages", [str(error)]))
    return render(request, "providers/import_detail.html", {
        "run": run, "problem": problem, "errors": run.errors[:500], "warnings": run.warnings[:100],
        "job": job_for_record(user=request.user, obj=run)},
        status=409 if problem else 200)


@allow_roles(rules.IMPORT_CQC)
def import_progress(request, pk):
    """The progress fragment the detail page polls while importing (HTMX), or the whole page."""
    run = get_object_or_404(CqcImportRun, pk=pk)
    if request.headers.get("HX-Request"):
        return render(request, "providers/_import_progress.html",
                      {"run": run, "job": job_for_record(user=request.user, obj=run)})
    return redirect(run)
