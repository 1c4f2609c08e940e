{#-
    lifecycle_weekly: one row per tenant and week (starting on config week_start), the
    users new, returning, resurrecting and dormant that week (metrics.md
    "Lifecycle", macro lifecycle_counts).
-#}
{{ lifecycle_counts('week') }}
