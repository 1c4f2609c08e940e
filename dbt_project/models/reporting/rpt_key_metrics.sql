{#-
    rpt_key_metrics: the last N complete days against the N before
    (marts.key_metrics); one row per metric.
-#}

with

final as (

    select
        metric_order,
        metric_name,
        current_value,
        previous_value,
        change_pct
    from {{ ref('key_metrics') }}

)

select * from final
