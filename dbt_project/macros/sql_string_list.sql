{#- A comma-separated list of SQL string literals, for `in (...)`: ['a', 'b'] -> 'a', 'b'. -#}
{% macro sql_string_list(values) -%}
    {%- for value in values -%}{{ sql_literal(value) }}{%- if not loop.last %}, {% endif -%}{%- endfor -%}
{%- endmacro %}
