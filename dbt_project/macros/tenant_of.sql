{#-
    The tenant of a row (config/tenants.yml): its tenant_id, or var
    default_tenant when the event carries none.
-#}
{% macro tenant_of(column='tenant_id') -%}
    coalesce({{ column }}, {{ sql_literal(flywheel_setting('default_tenant')) }})
{%- endmacro %}
