{#-
    rpt_key_metrics: the last N complete days against the N before
    (marts.key_metrics); one row per tenant and metric.
-#}

with

final as (

    select
        tenant_id,
        metric_order,
        metric_name,
        current_value,
        previous_value,
        change_pct
    from {{ ref('key_metrics') }}

)

select * from final
