# hustings on a small VPS, beside PostgreSQL (compose.yaml). Exactly the locked versions.
FROM python:3.11-slim
WORKDIR /app
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY . .
# Editable, so templates, static files, migrations and catalogues are read from /app.
RUN pip install --no-cache-dir --no-deps -e . \
    && useradd --system --home-dir /app hustings && mkdir -p var && chown hustings var
USER hustings
EXPOSE 8000
# --paas: refuse to start without DATABASE_URL and HUSTINGS_SECRET (the container's disk is wiped)
CMD ["hustings", "serve", "--paas", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
