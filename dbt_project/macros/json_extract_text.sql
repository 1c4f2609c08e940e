{#-
    Text value at a path inside a JSON text column, null when absent.
    path: list of keys, e.g. ['device', 'type'].
-#}
{% macro json_extract_text(column, path) -%}
    {{ return(adapter.dispatch('json_extract_text', 'flywheel')(column, path)) }}
{%- endmacro %}

{% macro default__json_extract_text(column, path) -%}
    (cast({{ column }} as json) #>> '{ {{- path | join(",") -}} }')
{%- endmacro %}

{% macro duckdb__json_extract_text(column, path) -%}
    json_extract_string({{ column }}, '$.{{ path | join(".") }}')
{%- endmacro %}

{% macro spark__json_extract_text(column, path) -%}
    get_json_object({{ column }}, '$.{{ path | join(".") }}')
{%- endmacro %}
