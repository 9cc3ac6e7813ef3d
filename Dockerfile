# Peer Support: one image for web (gunicorn), worker and beat. docs/operations.md ("Compose").
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PEERSUPPORT_VAR_DIR=/var/lib/peersupport \
    STATIC_ROOT=/app/staticfiles \
    PROMETHEUS_MULTIPROC_DIR=/tmp/metrics \
    GUNICORN_BIND=0.0.0.0:8000

# The PostgreSQL client tools for `manage.py backup` and `restore`.
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid 10001 --home-dir /app --shell /usr/sbin/nologin app

WORKDIR /app
# Dependencies first, pinned by the lock file; then the project itself, non-editable.
COPY pyproject.toml README.md requirements.lock ./
RUN pip install --no-cache-dir -r requirements.lock && pip install --no-cache-dir --no-deps .
# SAML signs with xmlsec, built against the libxml2 inside lxml: a mismatched pair fails at import.
RUN python -c "import lxml.etree, xmlsec, onelogin.saml2.auth"
COPY . .
RUN DEBUG=0 SECRET_KEY=build-only-collectstatic python manage.py collectstatic --noinput -v0 \
    && mkdir -p /var/lib/peersupport \
    && chown -R 10001:10001 /var/lib/peersupport

# The code and static files stay root-owned and read-only to the process; only the var folder
# (backups, mail files when no SMTP relay is set) and /tmp are written.
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=40s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=4)"]
CMD ["gunicorn", "--config", "deploy/gunicorn.conf.py", "peersupport.wsgi"]
