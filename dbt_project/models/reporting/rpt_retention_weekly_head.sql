{#-
    rpt_retention_weekly_head: the eight latest weekly cohorts
    (marts.retention_cohorts) of each tenant, one row per tenant and cohort, with retention on week N for
    N = 0..7 as columns w0..w7 (null where the week is censored).
-#}

{%- set weeks = 8 %}

with

weekly as (

    select
        tenant_id,
        cohort_start,
        cohort_size,
        period_number,
        retention_on,
        dense_rank() over (partition by tenant_id order by cohort_start desc) as cohort_rank
    from {{ ref('retention_cohorts') }}
    where cohort_grain = 'week' and period_number < {{ weeks }}

),

final as (

    select
        tenant_id,
        {% for n in range(weeks) -%}
            max(case when period_number = {{ n }} then retention_on end) as w{{ n }},
        {% endfor -%}
        cohort_start,
        cohort_size
    from weekly
    where cohort_rank <= 8
    group by tenant_id, cohort_start, cohort_size

)

select * from final
