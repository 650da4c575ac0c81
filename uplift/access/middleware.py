"""Opens the policy's per-request memo, so an actor's centres and assignments are read once a request."""

from uplift.access.policy import request_scope


class PolicyScopeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_scope():
            return self.get_response(request)
