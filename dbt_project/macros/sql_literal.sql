{#-
    A SQL string literal of a configuration value, quoted by the adapter's own
    escape_single_quotes (dbt's cross-database macro). Values from
    config/*.yml reach SQL only through this macro (or sql_string_list); the
    config loader refuses control characters in them. Quotes are data:
    "it's search" and "x' or '1'='1" stay one string each.
-#}
{% macro sql_literal(value) -%}
    '{{ dbt.escape_single_quotes(value | string) }}'
{%- endmacro %}
