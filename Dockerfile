# The Flywheel image: the code location (dagster api grpc), and the same image
# runs dagster-webserver and dagster-daemon in docker-compose.yml.
FROM python:3.11.11-slim-bookworm

ENV PYTHONUNBUFFERED=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    DAGSTER_HOME=/opt/dagster/home

RUN pip install --no-cache-dir uv==0.13.8

WORKDIR /opt/flywheel
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY flywheel_pipeline ./flywheel_pipeline
COPY dbt_project ./dbt_project
COPY config ./config
COPY deploy ./deploy
COPY workspace.yaml ./
# the dbt manifest the code location reads: the postgres target of docker-compose,
# parsed with config/*.yml as vars (parsing opens no connection)
RUN uv sync --frozen --no-dev \
    && FLYWHEEL_DBT_TARGET=postgres flywheel dbt parse \
    && mkdir -p $DAGSTER_HOME \
    && cp deploy/dagster.yaml $DAGSTER_HOME/dagster.yaml

EXPOSE 4000
CMD ["dagster", "api", "grpc", "-m", "flywheel_pipeline.definitions", "-h", "0.0.0.0", "-p", "4000"]
