{#-
    The per-user progress of one funnel (a config/funnels.yml entry, or a
    tenant's own funnel of config/tenants.yml, as the var `funnels` holds it;
    `index` is its place in that list), metrics.md "Funnels": one row per
    tenant, user key and step reached in the user's counted attempt. Only the
    events of the tenants the entry applies to count (funnel_applies_to).

    Every step-1 event is an attempt. Step k (k > 1) of an attempt is reached at
    the earliest step-k event with event_time >= the time step k-1 was reached
    and <= entry time + conversion_window_days (inclusive); taking the earliest
    event at each step is optimal, so this finds whether any non-decreasing
    sequence exists. A user counts once: the attempt reaching the furthest
    step, the earliest step-1 event on ties (by event_time, then message_id).
-#}
{% macro funnel_progress(funnel, index) -%}
    {#- a window with retracted events recomputes every user's attempts -#}
    {%- set incremental = is_incremental() and not retractions_in_window() -%}
    {%- set steps = funnel['steps'] -%}
    {%- set prefix = 'funnel_' ~ index -%}
    {%- set window = funnel['conversion_window_days'] | int -%}
    {%- if incremental %}
        {{ prefix }}_since as (
            select
                cast({{ dbt.dateadd('day', -window - 1, 'min(touched.event_date)') }} as date)
                    as first_entry_date
            from {{ ref('int_touched_event_dates') }} as touched
        ),
    {%- endif %}
    {%- for step in steps %}
        {{ prefix }}_step_{{ loop.index }}_events as (
            select tenant_id, user_key, message_id, event_time, event_date
            from {{ ref('fct_events') }}
            where
                {{ funnel_applies_to(funnel, 'tenant_id') }}
                and event_type = 'track'
                and event_name = {{ sql_literal(step["event"]) }}
                {%- for key, value in (step['properties'] or {}).items() %}
                    and {{ json_extract_text('properties', [key]) }} = {{ sql_literal(value) }}
                {%- endfor %}
                {%- if incremental %}
                    and event_date >= (select since.first_entry_date from {{ prefix }}_since as since)
                {%- endif %}
        ),
    {% endfor %}

    {{ prefix }}_attempt_1 as (
        select
            tenant_id,
            user_key,
            message_id as entry_message_id,
            event_time as entry_at,
            event_date as entry_date,
            event_time as step_1_at
        from {{ prefix }}_step_1_events
    ),

    {#- each step one left join and group by the attempt (one reference to the
        step before: a plan linear in the steps, on engines that inline CTEs) -#}
    {%- for k in range(2, steps | length + 1) %}
        {%- set attempt_columns -%}
            attempt.tenant_id,
            attempt.user_key,
            attempt.entry_message_id,
            attempt.entry_at,
            attempt.entry_date
            {%- for j in range(1, k) %},
            attempt.step_{{ j }}_at
            {%- endfor %}
        {%- endset %}
        {{ prefix }}_attempt_{{ k }} as (
            select
                {{ attempt_columns }},
                min(step_event.event_time) as step_{{ k }}_at
            from {{ prefix }}_attempt_{{ k - 1 }} as attempt
            left join {{ prefix }}_step_{{ k }}_events as step_event
                on
                    attempt.tenant_id = step_event.tenant_id
                    and attempt.user_key = step_event.user_key
                    and step_event.event_time >= attempt.step_{{ k - 1 }}_at
                    and step_event.event_time
                    <= {{ dbt.dateadd('day', funnel['conversion_window_days'], 'attempt.entry_at') }}
            group by
                {{ attempt_columns }}
        ),
    {%- endfor %}

    {{ prefix }}_candidates as (
        select * from {{ prefix }}_attempt_{{ steps | length }}
        {%- if incremental %}
            union all
            -- the stored counted attempt of each user whose attempts were recomputed
            select
                stored.tenant_id,
                stored.user_key,
                stored.entry_message_id,
                stored.entry_at,
                stored.entry_date,
                {%- for k in range(1, steps | length + 1) %}
                    max(case when stored.step_number = {{ k }} then stored.reached_at end) as step_{{ k }}_at
                    {%- if not loop.last %},{% endif %}
                {%- endfor %}
            from {{ this }} as stored
            where
                stored.funnel_name = {{ sql_literal(funnel["name"]) }}
                and {{ funnel_applies_to(funnel, 'stored.tenant_id') }}
                and stored.entry_date < (select since.first_entry_date from {{ prefix }}_since as since)
                and exists (
                    select 1 from {{ prefix }}_attempt_1 as recomputed
                    where recomputed.tenant_id = stored.tenant_id and recomputed.user_key = stored.user_key
                )
            group by stored.tenant_id, stored.user_key, stored.entry_message_id, stored.entry_at, stored.entry_date
        {%- endif %}
    ),

    {{ prefix }}_ranked as (
        select
            *,
            {% for k in range(1, steps | length + 1) -%}
                case when step_{{ k }}_at is not null then 1 else 0 end
                {%- if not loop.last %} + {% endif %}
            {%- endfor %} as steps_reached,
            row_number() over (
                partition by tenant_id, user_key
                order by
                    {% for k in range(1, steps | length + 1) -%}
                        case when step_{{ k }}_at is not null then 1 else 0 end
                        {%- if not loop.last %} + {% endif %}
                    {%- endfor %} desc,
                    entry_at,
                    entry_message_id
            ) as attempt_rank
        from {{ prefix }}_candidates
    ),

    {{ prefix }}_steps as (
        {%- for step in steps %}
            select {{ loop.index }} as step_number
            {% if not loop.last %}union all{% endif %}
        {%- endfor %}
    ),

    {#- one row per step reached: the counted attempt times the steps -#}
    {%- set reached_at -%}
        case steps.step_number
            {%- for step in steps %}
                when {{ loop.index }} then ranked.step_{{ loop.index }}_at
            {%- endfor %}
        end
    {%- endset %}
    {{ prefix }} as (
        select
            ranked.tenant_id,
            {{ sql_literal(funnel["name"]) }} as funnel_name,
            ranked.user_key,
            steps.step_number,
            case steps.step_number
                {%- for step in steps %}
                    when {{ loop.index }} then {{ sql_literal(step["name"]) }}
                {%- endfor %}
            end as step_name,
            ranked.entry_message_id,
            ranked.entry_at,
            ranked.entry_date,
            ranked.steps_reached,
            {{ reached_at }} as reached_at
        from {{ prefix }}_ranked as ranked
        cross join {{ prefix }}_steps as steps
        where ranked.attempt_rank = 1 and {{ reached_at }} is not null
    )
{%- endmacro %}

{#-
    A condition true for the rows (tenant_id in `column`) of the tenants a
    funnel entry of var `funnels` applies to: its `tenants`, or every tenant
    but its `except_tenants` (who have their own funnel of that name).
-#}
{% macro funnel_applies_to(funnel, column) -%}
    {%- if funnel.get('tenants') -%}
        {{ column }} in ({{ sql_string_list(funnel['tenants']) }})
    {%- elif funnel.get('except_tenants') -%}
        {{ column }} not in ({{ sql_string_list(funnel['except_tenants']) }})
    {%- else -%}
        1 = 1
    {%- endif -%}
{%- endmacro %}
