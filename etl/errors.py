"""The one exception hierarchy of newsetl.

Every error a stage raises is either *permanent* (the input is bad: quarantine it
as a ``rejects`` row, never retry) or *transient* (the world is flaky: retry
with backoff). The Airflow edge maps permanent errors to ``AirflowFailException``
and transient ones to an ordinary failure that Airflow retries.

    NewsEtlError
    ├── PermanentError
    │   ├── InvalidInputError        unreadable file, broken gzip/WARC, bad config
    │   ├── UnsafeURLError           private/link-local/metadata address, bad scheme
    │   ├── RobotsDisallowedError    robots.txt forbids the URL
    │   ├── TooLargeError            body over the byte limit
    │   ├── TooManyRedirectsError
    │   ├── UnsupportedContentError  not HTML (PDF, image, binary)
    │   ├── HTTPStatusError          4xx other than 408/429
    │   ├── UnsafeXMLError           DTD/entity tricks in a feed or sitemap
    │   ├── NoArticleError           page has no article text
    │   ├── DuplicateError           exact duplicate of an article already kept
    │   └── DocumentLoadError        OpenSearch refused one document (mapping)
    └── TransientError
        ├── FetchTimeoutError
        ├── ConnectionFailedError
        ├── ServerError              5xx, 408, 429
        └── ServiceUnavailableError  OpenSearch down or overloaded
"""

from __future__ import annotations


class NewsEtlError(Exception):
    """Base of every newsetl error.

    Attributes:
        stage: pipeline stage that raised it (``discover``, ``fetch``, ...).
        http_status: HTTP status when one is known.
    """

    permanent: bool = True

    def __init__(self, message: str, *, stage: str = "", http_status: int | None = None):
        super().__init__(message)
        self.stage = stage
        self.http_status = http_status

    @property
    def error_type(self) -> str:
        """Short stable name used in the ``rejects.error_type`` column."""
        return type(self).__name__


class PermanentError(NewsEtlError):
    """The input itself is bad; retrying cannot help."""

    permanent = True


class TransientError(NewsEtlError):
    """A passing failure (network, overloaded service); retry with backoff."""

    permanent = False


class InvalidInputError(PermanentError):
    """An input could not be read or parsed (broken gzip, truncated WARC, bad path)."""


class UnsafeURLError(PermanentError):
    """The URL resolves to an address fetching must not reach, or has a bad scheme."""


class RobotsDisallowedError(PermanentError):
    """robots.txt of the host forbids fetching the URL."""


class TooLargeError(PermanentError):
    """The body is larger than the configured byte limit."""


class TooManyRedirectsError(PermanentError):
    """More redirects than the configured limit."""


class UnsupportedContentError(PermanentError):
    """The response is not an HTML page (PDF, image, binary, ...)."""


class HTTPStatusError(PermanentError):
    """The server answered with a client error (4xx other than 408 and 429)."""


class UnsafeXMLError(PermanentError):
    """A feed or sitemap uses DTDs, entities or other constructs we refuse."""


class NoArticleError(PermanentError):
    """The page holds no article text worth keeping."""


class DuplicateError(PermanentError):
    """The page is an exact duplicate of an article already kept in this run."""


class DocumentLoadError(PermanentError):
    """OpenSearch rejected one document (for example a mapping conflict)."""


class FetchTimeoutError(TransientError):
    """Connecting or reading took longer than the timeout."""


class ConnectionFailedError(TransientError):
    """The host could not be reached (DNS failure, refused, reset)."""


class ServerError(TransientError):
    """The server answered 5xx, 408 or 429."""


class ServiceUnavailableError(TransientError):
    """OpenSearch (or another backing service) is down or overloaded."""


__all__ = [
    "ConnectionFailedError",
    "DocumentLoadError",
    "DuplicateError",
    "FetchTimeoutError",
    "HTTPStatusError",
    "InvalidInputError",
    "NewsEtlError",
    "NoArticleError",
    "PermanentError",
    "RobotsDisallowedError",
    "ServerError",
    "ServiceUnavailableError",
    "TooLargeError",
    "TooManyRedirectsError",
    "TransientError",
    "UnsafeURLError",
    "UnsafeXMLError",
    "UnsupportedContentError",
]
