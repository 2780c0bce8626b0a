"""Middleware of the whole site: responses are private and never stored by a cache."""

PRIVATE = "private, no-store"


def no_store(get_response):
    """`Cache-Control: private, no-store` on every response whose view chose no caching
    of its own. Deny by default: most pages show someone's application, case, complaint
    or documents, and a stored copy outlives the session (a shared computer's back button,
    a caching proxy). A page that may be cached says so with Django's cache_control."""

    def middleware(request):
        response = get_response(request)
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = PRIVATE
        return response

    return middleware
