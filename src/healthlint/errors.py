"""Exit codes and the one exception class that carries user-facing failures to the CLI."""

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2


class HealthlintError(Exception):
    """A failure the user can act on: bad rule file, bad config, bad usage.

    The CLI prints ``str(error)`` on one line and exits with EXIT_ERROR, never a traceback.
    """
