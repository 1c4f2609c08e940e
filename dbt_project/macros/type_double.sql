{#-
    The 8-byte floating type of ratios and rates: `double precision` (DuckDB,
    PostgreSQL), `double` on Spark. Not dbt.type_float(): DuckDB's `float` is 4 bytes.
-#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'flywheel')()) }}
{%- endmacro %}

{% macro default__type_double() -%}
    double precision
{%- endmacro %}

{% macro spark__type_double() -%}
    double
{%- endmacro %}
