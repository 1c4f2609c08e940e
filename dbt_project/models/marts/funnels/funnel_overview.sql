{#-
    funnel_overview: one row per tenant, funnel and step, over every entry date: users
    who reached the step in their counted attempt (fct_funnel_progress),
    conversion from step 1 and from the previous step, and the median seconds
    from entry to the step. What the demo prints and Dagster previews.
-#}

-- depends_on: {{ ref('dim_users') }}

with

progress as (

    select * from {{ ref('fct_funnel_progress') }}

),

steps as (

    {{ funnel_steps(user_tenants()) }}

),

reached as (

    select
        tenant_id,
        funnel_name,
        step_number,
        count(*) as users_reached,
        {{ median('seconds_from_entry') }} as median_seconds_from_entry
    from progress
    group by tenant_id, funnel_name, step_number

),

counted as (

    select
        steps.tenant_id,
        steps.funnel_name,
        steps.step_number,
        steps.step_name,
        coalesce(reached.users_reached, 0) as users_reached,
        reached.median_seconds_from_entry
    from steps
    left join reached
        on
            steps.tenant_id = reached.tenant_id
            and steps.funnel_name = reached.funnel_name
            and steps.step_number = reached.step_number

),

final as (

    select
        tenant_id,
        funnel_name,
        step_number,
        step_name,
        users_reached,
        cast(users_reached as {{ type_double() }}) / nullif(
            first_value(users_reached) over (partition by tenant_id, funnel_name order by step_number), 0
        ) as conversion_from_start,
        cast(users_reached as {{ type_double() }}) / nullif(
            lag(users_reached) over (partition by tenant_id, funnel_name order by step_number), 0
        ) as conversion_from_previous,
        median_seconds_from_entry
    from counted

)

select * from final
