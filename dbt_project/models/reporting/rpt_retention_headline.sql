{#-
    rpt_retention_headline: D1, D7 and D30 over every daily cohort
    (marts.retention_summary, range `all`); one row per tenant, none before its first cohort.
-#}

with

final as (

    select
        tenant_id,
        d1_retention,
        d7_retention,
        d30_retention
    from {{ ref('retention_summary') }}
    where range_type = 'all'

)

select * from final
