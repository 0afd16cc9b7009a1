"""API token authentication that slows down guessing: an address that sends too many wrong
tokens is answered 429 for a while, whatever token it sends next (rate `failed_token`)."""
from rest_framework.authentication import TokenAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed, Throttled

from commissioning.core.models_rates import RateWindow
from commissioning.core.throttling import WindowRateThrottle


class FailedTokenThrottle(WindowRateThrottle):
    """Counts wrong tokens per address in the current window; only failures are recorded."""

    scope = "failed_token"

    def get_cache_key(self, request, view=None) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def is_locked(self, request) -> bool:
        """Whether this address has sent its window's allowance of wrong tokens (reads, never counts)."""
        self.key = self.get_cache_key(request)
        start, self.window_end = self.window()
        failures = (RateWindow.objects.filter(key=self.key, window_start=start)
                    .values_list("requests", flat=True).first())
        return (failures or 0) >= self.num_requests

    def record_failure(self, request) -> None:
        self.allow_request(request, None)


class ThrottledTokenAuthentication(TokenAuthentication):
    """Token authentication; an address past its failed-token rate is refused with 429."""

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        throttle = FailedTokenThrottle()
        if throttle.is_locked(request):
            raise Throttled(wait=throttle.wait())
        try:
            return super().authenticate(request)
        except AuthenticationFailed:
            throttle.record_failure(request)
            raise
