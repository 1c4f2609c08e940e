{#-
    Median of a numeric expression (continuous: the mean of the two middle
    values for an even count), as an aggregate. Ordered-set syntax, accepted by
    PostgreSQL and DuckDB.
-#}
{% macro median(expression) -%}
    {{ return(adapter.dispatch('median', 'flywheel')(expression)) }}
{%- endmacro %}

{% macro default__median(expression) -%}
    percentile_cont(0.5) within group (order by {{ expression }})
{%- endmacro %}
