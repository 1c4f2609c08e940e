{#-
    The configured funnel steps (var funnels, config/funnels.yml) as rows:
    funnel_name, step_number, step_name, step_count, conversion_window_days.
-#}
{% macro funnel_steps() -%}
    {%- for funnel in flywheel_setting('funnels') -%}
        {%- set outer = loop -%}
        {%- for step in funnel['steps'] %}
            select
                {{ sql_literal(funnel["name"]) }} as funnel_name,
                {{ loop.index }} as step_number,
                {{ sql_literal(step["name"]) }} as step_name,
                {{ funnel['steps'] | length }} as step_count,
                {{ funnel['conversion_window_days'] }} as conversion_window_days
            {% if not (loop.last and outer.last) %}union all{% endif %}
        {%- endfor %}
    {%- endfor %}
{%- endmacro %}
