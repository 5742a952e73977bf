"""`python -m bot.healthcheck`: ask the bot running beside it whether it is healthy.

For a container's HEALTHCHECK: exit 0 when GET /healthz answers 200 (the bot serves and
reaches its database), 1 otherwise. It reads HOST and PORT as the bot does, loads none
of the bot's other modules (it runs every half minute), and asks directly, never through
an HTTP proxy from the environment.
"""

from __future__ import annotations

import sys
import urllib.error
import urllib.request

from bot.config import Settings, SettingsError, load_settings

TIMEOUT_SECONDS = 5
# Where the bot listens on every address, it answers on the loopback one.
_EVERYWHERE = {"", "0.0.0.0", "::"}


def health_url(settings: Settings) -> str:
    host = "127.0.0.1" if settings.host in _EVERYWHERE else settings.host
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}:{settings.port}/healthz"


def ask(url: str) -> tuple[bool, str]:
    """Whether `url` answered 200, and what it answered, in a few words."""
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with direct.open(url, timeout=TIMEOUT_SECONDS) as response:
            return response.status == 200, f"HTTP {response.status}"
    except urllib.error.HTTPError as error:
        return False, f"HTTP {error.code}"
    except (urllib.error.URLError, OSError) as error:
        return False, f"no answer ({type(getattr(error, 'reason', error)).__name__})"


def main() -> int:
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"Facilitator's settings are wrong:\n{error}", file=sys.stderr)
        return 1
    url = health_url(settings)
    healthy, answer = ask(url)
    print(f"{url}: {'healthy' if healthy else 'unhealthy'}, {answer}")
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main())
