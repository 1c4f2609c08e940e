{#- lifecycle_daily's active users are metrics_daily's DAU on every date. Returns the dates that differ. -#}
{{ config(meta={'dagster': {'ref': {'name': 'lifecycle_daily'}}}) }}

select
    lifecycle.tenant_id,
    lifecycle.period_start,
    lifecycle.active_users,
    metrics.dau
from {{ ref('lifecycle_daily') }} as lifecycle
inner join {{ ref('metrics_daily') }} as metrics
    on
        lifecycle.tenant_id = metrics.tenant_id
        and lifecycle.period_start = metrics.metric_date
where lifecycle.active_users != metrics.dau
