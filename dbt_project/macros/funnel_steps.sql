{#-
    The configured funnel steps (var funnels: config/funnels.yml and the
    tenants' own funnels of config/tenants.yml) as rows, one per tenant of
    `tenants` (a query with a tenant_id column), funnel and step the tenant
    counts: tenant_id, funnel_name, step_number, step_name, step_count,
    conversion_window_days.
-#}
{% macro funnel_steps(tenants) -%}
    {%- for funnel in flywheel_setting('funnels') -%}
        {%- set outer = loop -%}
        {%- for step in funnel['steps'] %}
            select
                step_tenants.tenant_id,
                {{ sql_literal(funnel["name"]) }} as funnel_name,
                {{ loop.index }} as step_number,
                {{ sql_literal(step["name"]) }} as step_name,
                {{ funnel['steps'] | length }} as step_count,
                {{ funnel['conversion_window_days'] }} as conversion_window_days
            from ({{ tenants }}) as step_tenants
            where {{ funnel_applies_to(funnel, 'step_tenants.tenant_id') }}
            {% if not (loop.last and outer.last) %}union all{% endif %}
        {%- endfor %}
    {%- endfor %}
{%- endmacro %}

{#- The tenants with at least one user (marts.dim_users), for funnel_steps. -#}
{% macro user_tenants() -%}
    select distinct tenant_id from {{ ref('dim_users') }}
{%- endmacro %}

{#- The distinct funnel names of var funnels, in order (a tenant's own funnel may share one). -#}
{% macro funnel_names() -%}
    {%- set names = [] -%}
    {%- for funnel in flywheel_setting('funnels') -%}
        {%- if funnel['name'] not in names -%}{%- do names.append(funnel['name']) -%}{%- endif -%}
    {%- endfor -%}
    {{- return(names) -}}
{%- endmacro %}
