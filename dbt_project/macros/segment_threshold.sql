{#-
    A segment threshold of config/segments.yml (`key`: an engagement threshold
    name, or 'new_user_days') as SQL: the number itself, or, where
    config/tenants.yml overrides it for some tenants (var tenant_segments), a
    case on `tenant_column` that picks each tenant's own value.
-#}
{% macro segment_threshold(key, tenant_column='tenant_id') -%}
    {%- set base = segment_threshold_of(flywheel_setting('segments'), key) -%}
    {%- set overrides = [] -%}
    {%- for tenant, settings in flywheel_setting('tenant_segments') | dictsort -%}
        {%- set value = segment_threshold_of(settings, key) -%}
        {%- if value != base -%}{%- do overrides.append((tenant, value)) -%}{%- endif -%}
    {%- endfor -%}
    {%- if overrides -%}
        (case {{ tenant_column }}
        {%- for tenant, value in overrides %} when {{ sql_literal(tenant) }} then {{ value }}{% endfor %}
        else {{ base }} end)
    {%- else -%}
        {{ base }}
    {%- endif -%}
{%- endmacro %}

{#- The largest value of a segment threshold over every tenant. -#}
{% macro segment_threshold_max(key) -%}
    {%- set values = [segment_threshold_of(flywheel_setting('segments'), key)] -%}
    {%- for tenant, settings in flywheel_setting('tenant_segments') | dictsort -%}
        {%- do values.append(segment_threshold_of(settings, key)) -%}
    {%- endfor -%}
    {{- return(values | max) -}}
{%- endmacro %}

{% macro segment_threshold_of(settings, key) -%}
    {%- if key == 'new_user_days' -%}
        {{- return(settings['new_user_days']) -}}
    {%- else -%}
        {{- return(settings['engagement'][key]) -}}
    {%- endif -%}
{%- endmacro %}
