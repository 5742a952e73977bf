# The bot as a container image (README: Deploy). Build: docker build -t facilitator .
# The first stage installs the project from its pyproject into a virtualenv; the second
# copies only that virtualenv, so no build tools or caches ship. No secret is baked in:
# tokens come from the environment when the container starts.
ARG PYTHON_IMAGE=python:3.12-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
RUN python -m venv /opt/facilitator
# The dependencies first, in a layer of their own that a change to the code keeps.
COPY pyproject.toml README.md ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > requirements.txt \
    && /opt/facilitator/bin/pip install --no-cache-dir -r requirements.txt
COPY bot ./bot
COPY handlers ./handlers
COPY scheduler ./scheduler
COPY storage ./storage
RUN /opt/facilitator/bin/pip install --no-cache-dir --no-deps .

FROM ${PYTHON_IMAGE}
# Logs as JSON lines, unbuffered; matplotlib's cache where the bot's user may write; by
# default a SQLite file on the /data volume (the compose file uses PostgreSQL instead).
ENV PATH=/opt/facilitator/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    MPLCONFIGDIR=/tmp/matplotlib \
    HOST=0.0.0.0 \
    PORT=3000 \
    LOG_FORMAT=json \
    DATABASE_URL=sqlite+aiosqlite:////data/facilitator.db
RUN groupadd --system --gid 10001 facilitator \
    && useradd --system --uid 10001 --gid facilitator --no-create-home \
        --home-dir /nonexistent --shell /usr/sbin/nologin facilitator \
    && mkdir /data \
    && chown facilitator:facilitator /data
COPY --from=build /opt/facilitator /opt/facilitator
WORKDIR /app
# The sample set-up files; mount your own over them (README: Deploy).
COPY config/*.sample.yml ./config/
USER 10001:10001
VOLUME ["/data"]
EXPOSE 3000
# Ctrl-C's signal lets a send in progress finish and record itself before the bot exits.
STOPSIGNAL SIGINT
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["python", "-m", "bot.healthcheck"]
CMD ["facilitator", "run"]
