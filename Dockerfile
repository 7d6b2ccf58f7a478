# theodoi: one image for the web server (gunicorn + whitenoise), the Celery worker and beat.
# docker-compose.yml starts it three times with different commands.
FROM python:3.13-slim-bookworm

# Uploaded originals, evidence, generated reports and mail files live in a volume (VAR_DIR);
# collected static files stay in the image (a volume would hide a newer image's files).
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VAR_DIR=/data \
    STATIC_ROOT=/app/staticfiles \
    PORT=8000

# Pango for WeasyPrint's PDF reports; Liberation 2 fonts cover Vietnamese (the older
# fonts-liberation lacks most of its glyphs); gettext compiles the catalog.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 gettext libreoffice-writer-nogui \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system theodoi \
    && useradd --system --gid theodoi --home-dir /app --shell /usr/sbin/nologin theodoi

WORKDIR /app
# The lock first, so code changes do not reinstall the dependencies.
COPY requirements.lock ./
RUN pip install -r requirements.lock

COPY . .
# Build-time settings only: no secret is baked into the image (DEBUG=false selects the
# manifest storage that production serves through whitenoise).
RUN DEBUG=true python manage.py compilemessages -v0 \
    && DEBUG=false SECRET_KEY=build-time-only-not-a-secret ALLOWED_HOSTS=localhost \
       DATABASE_URL=sqlite:////tmp/build.sqlite3 CELERY_BROKER_URL=memory:// \
       python manage.py collectstatic --noinput -v0 \
    && rm -f /tmp/build.sqlite3 \
    && mkdir -p /data \
    && chown -R theodoi:theodoi /data

USER theodoi
EXPOSE 8000
# docker-compose.yml overrides the command for the worker and beat, and runs migrate first.
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
