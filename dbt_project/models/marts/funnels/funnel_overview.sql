{#-
    funnel_overview: one row per funnel and step, over every entry date: users
    who reached the step in their counted attempt (fct_funnel_progress),
    conversion from step 1 and from the previous step, and the median seconds
    from entry to the step. What the demo prints and Dagster previews.
-#}

with

progress as (

    select * from {{ ref('fct_funnel_progress') }}

),

steps as (

    {{ funnel_steps() }}

),

reached as (

    select
        funnel_name,
        step_number,
        count(*) as users_reached,
        {{ median('seconds_from_entry') }} as median_seconds_from_entry
    from progress
    group by funnel_name, step_number

),

counted as (

    select
        steps.funnel_name,
        steps.step_number,
        steps.step_name,
        coalesce(reached.users_reached, 0) as users_reached,
        reached.median_seconds_from_entry
    from steps
    left join reached
        on
            steps.funnel_name = reached.funnel_name
            and steps.step_number = reached.step_number

),

final as (

    select
        funnel_name,
        step_number,
        step_name,
        users_reached,
        cast(users_reached as double precision) / nullif(
            first_value(users_reached) over (partition by funnel_name order by step_number), 0
        ) as conversion_from_start,
        cast(users_reached as double precision) / nullif(
            lag(users_reached) over (partition by funnel_name order by step_number), 0
        ) as conversion_from_previous,
        median_seconds_from_entry
    from counted

)

select * from final
