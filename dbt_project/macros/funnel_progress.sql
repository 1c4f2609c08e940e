{#-
    The per-user progress of one funnel (a config/funnels.yml entry, as the var
    `funnels` holds it), metrics.md "Funnels": one row per user key and step
    reached in the user's counted attempt.

    Every step-1 event is an attempt. Step k (k > 1) of an attempt is reached at
    the earliest step-k event with event_time >= the time step k-1 was reached
    and <= entry time + conversion_window_days (inclusive); taking the earliest
    event at each step is optimal, so this finds whether any non-decreasing
    sequence exists. A user counts once: the attempt reaching the furthest
    step, the earliest step-1 event on ties (by event_time, then message_id).
-#}
{% macro funnel_progress(funnel) -%}
    {#- a window with retracted events recomputes every user's attempts -#}
    {%- set incremental = is_incremental() and not retractions_in_window() -%}
    {%- set steps = funnel['steps'] -%}
    {%- set prefix = 'funnel_' ~ funnel['name'] -%}
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
            select user_key, message_id, event_time, event_date
            from {{ ref('fct_events') }}
            where
                event_type = 'track'
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
            user_key,
            message_id as entry_message_id,
            event_time as entry_at,
            event_date as entry_date,
            event_time as step_1_at
        from {{ prefix }}_step_1_events
    ),

    {%- for k in range(2, steps | length + 1) %}
        {{ prefix }}_reached_{{ k }} as (
            select
                attempt.entry_message_id,
                min(step_event.event_time) as step_{{ k }}_at
            from {{ prefix }}_attempt_{{ k - 1 }} as attempt
            inner join {{ prefix }}_step_{{ k }}_events as step_event
                on
                    attempt.user_key = step_event.user_key
                    and step_event.event_time >= attempt.step_{{ k - 1 }}_at
                    and step_event.event_time
                    <= {{ dbt.dateadd('day', funnel['conversion_window_days'], 'attempt.entry_at') }}
            group by attempt.entry_message_id
        ),

        {{ prefix }}_attempt_{{ k }} as (
            select
                attempt.*,
                reached.step_{{ k }}_at
            from {{ prefix }}_attempt_{{ k - 1 }} as attempt
            left join {{ prefix }}_reached_{{ k }} as reached
                on attempt.entry_message_id = reached.entry_message_id
        ),
    {%- endfor %}

    {{ prefix }}_candidates as (
        select * from {{ prefix }}_attempt_{{ steps | length }}
        {%- if incremental %}
            union all
            -- the stored counted attempt of each user whose attempts were recomputed
            select
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
                and stored.entry_date < (select since.first_entry_date from {{ prefix }}_since as since)
                and stored.user_key in (select recomputed.user_key from {{ prefix }}_attempt_1 as recomputed)
            group by stored.user_key, stored.entry_message_id, stored.entry_at, stored.entry_date
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
                partition by user_key
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

    {{ prefix }} as (
        {%- for step in steps %}
            select
                {{ sql_literal(funnel["name"]) }} as funnel_name,
                user_key,
                {{ loop.index }} as step_number,
                {{ sql_literal(step["name"]) }} as step_name,
                entry_message_id,
                entry_at,
                entry_date,
                steps_reached,
                step_{{ loop.index }}_at as reached_at
            from {{ prefix }}_ranked
            where attempt_rank = 1 and step_{{ loop.index }}_at is not null
            {% if not loop.last %}union all{% endif %}
        {%- endfor %}
    )
{%- endmacro %}
