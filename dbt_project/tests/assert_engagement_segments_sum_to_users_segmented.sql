{#-
    metrics.md "Segments": exactly one engagement segment per user ever seen,
    so each date's engagement distribution sums to the users segmented that
    date, which are the users first seen on or before it. Returns the dates
    that break it.
-#}
{{ config(meta={'dagster': {'ref': {'name': 'segment_distribution_daily'}}}) }}

with

engagement as (

    select
        tenant_id,
        as_of_date,
        sum(users) as users,
        max(users_segmented) as users_segmented
    from {{ ref('segment_distribution_daily') }}
    where segment_type = 'engagement'
    group by tenant_id, as_of_date

),

seen as (

    select
        spine.tenant_id,
        spine.as_of_date,
        count(users.user_key) as users_seen
    from (
        select distinct
            tenant_id,
            as_of_date
        from engagement
    ) as spine
    left join {{ ref('dim_users') }} as users
        on
            spine.tenant_id = users.tenant_id
            and spine.as_of_date >= users.first_seen_date
    group by spine.tenant_id, spine.as_of_date

)

select
    engagement.*,
    seen.users_seen
from engagement
inner join seen
    on
        engagement.tenant_id = seen.tenant_id
        and engagement.as_of_date = seen.as_of_date
where engagement.users != engagement.users_segmented or engagement.users != seen.users_seen
