{#-
    fct_funnel_progress: one row per tenant, funnel (config/funnels.yml, or
    the tenant's own of config/tenants.yml), user key and step reached in the user's counted attempt (metrics.md "Funnels": ordered,
    user-level, conversion window measured from the step-1 event, inclusive;
    the furthest step over all of the user's step-1 events, the earliest such
    entry on ties). Built by the macro funnel_progress, one block per funnel:
    adding a funnel is an edit to config/funnels.yml.

    Incremental by (funnel_name, user_key): a run rewrites the users with an
    attempt that new events can extend (see funnel_progress); a window with
    retracted events rewrites every user. The pre-hook drops user keys that no
    longer exist (an anonymous key whose events were stitched to a signed-in
    user, a user whose events were all retracted).
-#}

-- depends_on: {{ ref('int_touched_event_dates') }}
-- depends_on: {{ ref('dim_users') }}
{{
    config(
        materialized='incremental',
        unique_key=['tenant_id', 'funnel_name', 'user_key'],
        incremental_strategy='delete+insert',
        pre_hook=["{{ delete_vanished_user_keys() }}", "{{ delete_all_when_retracted() }}"],
        tags=['arrival_window'],
        meta={'flywheel_settings': ['default_tenant', 'funnels', 'inactive_events', 'project_timezone', 'tenant_timezones']},
    )
}}

with

{% for funnel in flywheel_setting('funnels') %}
    {{ funnel_progress(funnel, loop.index) }},
{% endfor %}

progress as (

    {% for funnel in flywheel_setting('funnels') %}
        select * from funnel_{{ loop.index }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        -- keys
        tenant_id,
        funnel_name,
        user_key,
        step_number,
        step_name,

        -- the counted attempt
        entry_message_id,
        entry_at,
        entry_date,
        steps_reached,

        -- this step (UTC; seconds)
        reached_at,
        {{ seconds_between('entry_at', 'reached_at') }} as seconds_from_entry

    from progress

)

select * from final
