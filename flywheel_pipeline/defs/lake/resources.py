"""Resources of the lake domain: object storage, and how raw partitions are built."""

from __future__ import annotations

from dagster import ConfigurableResource

from flywheel_pipeline.lake.storage import Lake


class LakeResource(ConfigurableResource):
    """Object storage at ``url`` (``FLYWHEEL_LAKE_URL``): a local folder
    (``file:///…``) or S3 (``s3://bucket/prefix``, with an optional endpoint for
    MinIO or SeaweedFS). The secret key comes from ``AWS_SECRET_ACCESS_KEY``."""

    url: str
    s3_endpoint: str | None = None
    access_key_id: str | None = None
    secret_access_key: str | None = None
    region: str

    def lake(self) -> Lake:
        return Lake.from_url(
            self.url,
            endpoint=self.s3_endpoint,
            access_key=self.access_key_id,
            secret_key=self.secret_access_key,
            region=self.region,
        )


class IngestResource(ConfigurableResource):
    """How a raw partition is built: the key of the PII hash (``FLYWHEEL_PII_KEY``,
    secret) and the rows per streamed batch (``FLYWHEEL_BATCH_ROWS``)."""

    pii_key: str
    batch_rows: int
