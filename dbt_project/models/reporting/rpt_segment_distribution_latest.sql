{#-
    rpt_segment_distribution_latest: users per segment on the latest as-of
    date (marts.segment_distribution_daily); one row per segment type and segment.
-#}

with

distribution as (

    select * from {{ ref('segment_distribution_daily') }}

),

final as (

    select
        as_of_date,
        segment_type,
        segment,
        users,
        share
    from distribution
    where as_of_date = (select max(latest.as_of_date) from distribution as latest)

)

select * from final
