"""Object storage ("the lake"): a local folder or any S3 API, through pyarrow.fs."""
