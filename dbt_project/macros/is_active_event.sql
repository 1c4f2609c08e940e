{#-
    Active event (metrics.md "Time and identity"): any track, page or screen
    event, unless the tracking plan marks the track event `active: false`
    (var inactive_events).
-#}
{% macro is_active_event(event_type, event_name) -%}
    {%- set inactive = var('inactive_events') or [] -%}
    (
        {{ event_type }} in ('page', 'screen')
        or ({{ event_type }} = 'track'
        {%- if inactive %}
            and coalesce({{ event_name }}, '') not in (
                {%- for name in inactive %}'{{ name }}'{% if not loop.last %}, {% endif %}{% endfor -%}
            )
        {%- endif %})
    )
{%- endmacro %}
