{#-
    lifecycle_daily: one row per tenant and date, the users new, returning, resurrecting
    and dormant that day (metrics.md "Lifecycle", macro lifecycle_counts).
-#}
{{ lifecycle_counts('day') }}
