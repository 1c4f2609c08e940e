{#-
    Active event (metrics.md "Time and identity"): any track, page or screen
    event, unless the tracking plan marks the track event `active: false`
    (var inactive_events).
-#}
{% macro is_active_event(event_type, event_name) -%}
    {%- set inactive = flywheel_setting('inactive_events') -%}
    (
        {{ event_type }} in ('page', 'screen')
        or ({{ event_type }} = 'track'
        {%- if inactive %}
            and coalesce({{ event_name }}, '') not in (
                {{- sql_string_list(inactive) -}}
            )
        {%- endif %})
    )
{%- endmacro %}
