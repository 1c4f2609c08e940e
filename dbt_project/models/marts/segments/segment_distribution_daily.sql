{#-
    segment_distribution_daily: users per segment per date (metrics.md
    "Segments"). One row per tenant, as_of_date, segment type and segment;
    users_segmented is the number of users segmented that date (every user
    first seen on or before it), which the engagement segments sum to.
-#}

with

segment_days as (

    select * from {{ ref('int_user_segment_days') }}

),

segmented as (

    select
        tenant_id,
        as_of_date,
        count(*) as users_segmented
    from segment_days
    where segment_type = 'engagement'
    group by tenant_id, as_of_date

),

counted as (

    select
        tenant_id,
        as_of_date,
        segment_type,
        segment,
        count(*) as users
    from segment_days
    group by tenant_id, as_of_date, segment_type, segment

),

final as (

    select
        counted.tenant_id,
        counted.as_of_date,
        counted.segment_type,
        counted.segment,
        counted.users,
        segmented.users_segmented,
        cast(counted.users as {{ type_double() }}) / segmented.users_segmented as share
    from counted
    inner join segmented
        on
            counted.tenant_id = segmented.tenant_id
            and counted.as_of_date = segmented.as_of_date

)

select * from final
