{#-
    Override of dbt-spark's macro of the same name (1.11) for days: Spark's
    `datediff` of the two dates (calendar days crossed, as dbt-spark's), without
    its per-row null assertions. Other date parts are dbt-spark's own.
-#}
{% macro spark__datediff(first_date, second_date, datepart) -%}
    {%- if datepart == 'day' -%}
        datediff(cast({{ second_date }} as date), cast({{ first_date }} as date))
    {%- else -%}
        {{ dbt.spark__datediff(first_date, second_date, datepart) }}
    {%- endif -%}
{%- endmacro %}
