{#-
    rpt_segment_distribution_latest: users per segment on the latest as-of
    date of each tenant (marts.segment_distribution_daily); one row per tenant,
    segment type and segment.
-#}

with

distribution as (

    select * from {{ ref('segment_distribution_daily') }}

),

final as (

    select
        tenant_id,
        as_of_date,
        segment_type,
        segment,
        users,
        share
    from distribution
    where as_of_date = (
        select max(latest.as_of_date) from distribution as latest
        where latest.tenant_id = distribution.tenant_id
    )

)

select * from final
