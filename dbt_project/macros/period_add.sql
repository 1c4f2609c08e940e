{#- Start of the period `periods_expr` periods of `grain` after period start start_expr (a date). -#}
{% macro period_add(grain, periods_expr, start_expr) -%}
    {%- if grain == 'day' -%}
        cast({{ dbt.dateadd('day', periods_expr, start_expr) }} as date)
    {%- elif grain == 'week' -%}
        cast({{ dbt.dateadd('day', '7 * (' ~ periods_expr ~ ')', start_expr) }} as date)
    {%- else -%}
        cast({{ dbt.dateadd('month', periods_expr, start_expr) }} as date)
    {%- endif -%}
{%- endmacro %}
