{#-
    A SQL string literal of a configuration value: quoted, with quotes doubled.
    Values from config/*.yml reach SQL only through this macro (or
    sql_string_list); the config loader also restricts their characters.
-#}
{% macro sql_literal(value) -%}
    '{{ value | string | replace("'", "''") }}'
{%- endmacro %}
