{#-
    rpt_funnel_steps: every funnel's steps over all entry dates
    (marts.funnel_overview), one row per tenant, funnel and step, in the columns the
    Dagster preview of funnel_overview and `flywheel summary` show.
-#}

with

final as (

    select
        tenant_id,
        funnel_name,
        step_number,
        step_name,
        users_reached,
        conversion_from_start,
        conversion_from_previous,
        median_seconds_from_entry
    from {{ ref('funnel_overview') }}

)

select * from final
