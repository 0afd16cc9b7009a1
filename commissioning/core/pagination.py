"""Paging for list pages, with the page range GOV.UK pagination shows."""
from django.core.paginator import Paginator


def paginate(request, queryset, per_page: int = 25) -> dict:
    paginator = Paginator(queryset, per_page)
    page_obj = paginator.get_page(request.GET.get("page"))
    return {
        "page_obj": page_obj,
        "page_range": list(paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)),
    }
