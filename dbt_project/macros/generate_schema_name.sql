{#-
    Models land in the schema named by their folder's `+schema` (staging,
    intermediate, marts) rather than dbt's default `<target>_<schema>`, so
    analysts query `marts.metrics_daily` on every target.
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}
