"""Portal pages where a provider uploads its call monitoring actuals (checked here, imported by a job
whose page the upload leads to), sees its reconciled weeks and invoices, disputes a line, and reads
its remittance advice. Every record comes from a finance selector scoped to the user's own organisation."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from commissioning.accounts.roles import Role
from commissioning.core.errors import form_errors_from
from commissioning.core.jobs import job_for_record
from commissioning.core.permissions import allow_roles
from commissioning.core.workflow import TransitionNotAllowed
from commissioning.finance import selectors, services
from commissioning.finance.choices import InvoiceStatus, LineStatus
from commissioning.finance.forms import ActualsUploadForm, MessageForm, ProviderInvoiceFilterForm


@allow_roles(Role.PROVIDER_USER)
def actuals(request):
    form = ActualsUploadForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = services.actuals_receive(provider=request.user.provider, by=request.user, data=upload.read(),
                                           file_name=upload.name)
        except ValidationError as error:
            problems = error.messages
            form.add_error("file", f"The file was not imported: {len(problems)} problem"
                                   f"{'s' if len(problems) != 1 else ''}, listed below")
        else:
            return redirect(job)
    files = list(selectors.actuals_files_for(user=request.user)[:50])
    return render(request, "portal/actuals.html", {
        "form": form, "problems": problems,
        "files": [(f, None if f.imported_at else job_for_record(user=request.user, obj=f)) for f in files],
        "weeks": selectors.weeks_for(user=request.user)[:52]})


@allow_roles(Role.PROVIDER_USER)
def invoices(request):
    form = ProviderInvoiceFilterForm(request.GET or None)
    chosen = form.cleaned_data if form.is_valid() else {}
    listed = selectors.invoices_filtered(user=request.user, **chosen)
    if request.GET.get("format") == "csv":
        filters = ", ".join(f"{form.fields[k].label.lower()} {v}" for k, v in chosen.items() if v)
        response = HttpResponse(services.invoices_csv(invoices=listed, by=request.user, filters=filters),
                                content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="invoices.csv"'
        return response
    page = Paginator(listed, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query["format"] = "csv"
    return render(request, "portal/invoices.html", {
        "form": form, "invoices": page.object_list, "page_obj": page, "csv_query": query.urlencode(),
        "page_range": page.paginator.get_elided_page_range(page.number),
        "runs": selectors.payment_runs_for(user=request.user).order_by("-created_at")[:50]})


@allow_roles(Role.PROVIDER_USER)
def invoice(request, pk):
    invoice = get_object_or_404(selectors.invoices_for(user=request.user), pk=pk)
    lines = selectors.invoice_lines_for(user=request.user, invoice=invoice)
    form, failed = None, None
    if request.method == "POST":
        line = get_object_or_404(lines, pk=request.POST.get("line"))
        form, failed = MessageForm(request.POST), line.pk
        if form.is_valid():
            try:
                if line.status == LineStatus.DISPUTED:
                    services.line_message(line=line, by=request.user, text=form.cleaned_data["text"])
                else:
                    services.line_dispute(line=line, by=request.user, text=form.cleaned_data["text"])
            except ValidationError as error:
                form_errors_from(form, error)
            except TransitionNotAllowed as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Your message is on the line's record")
                return redirect("portal:invoice", pk=pk)
    return render(request, "portal/invoice.html", {
        "invoice": invoice, "lines": lines, "form": form, "failed_line": failed,
        "can_dispute": invoice.status in (InvoiceStatus.DRAFT, InvoiceStatus.DISPUTED)})


@allow_roles(Role.PROVIDER_USER)
def remittance(request, pk):
    run = get_object_or_404(selectors.payment_runs_for(user=request.user), pk=pk)
    if request.GET.get("format") == "csv":
        response = HttpResponse(services.remittance_csv(run, request.user.provider), content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="remittance-{run.pk}.csv"'
        return response
    return render(request, "portal/remittance.html", {
        "run": run, "invoices": selectors.run_invoices_for(user=request.user, run=run)})
