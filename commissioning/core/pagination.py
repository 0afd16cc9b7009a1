"""Paging for list pages, with the page range GOV.UK pagination shows."""
from django.core.paginator import Paginator


def paginate(request, queryset, per_page: int = 25, param: str = "page") -> dict:
    """One page of `queryset`; `param` names the page's query parameter when a page has two lists."""
    paginator = Paginator(queryset, per_page)
    page_obj = paginator.get_page(request.GET.get(param))
    return {
        "page_obj": page_obj,
        "page_range": list(paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)),
        "page_param": param,
    }
