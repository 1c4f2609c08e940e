{#-
    First day of the calendar period (grain 'day', 'week' or 'month') that
    holds date_expr. Weeks start on var week_start_isodow (1 = Monday .. 7 =
    Sunday; metrics.md "Retention": ISO weeks start on Monday). Returns a date.
-#}
{% macro period_start(grain, date_expr) -%}
    {%- if grain == 'day' -%}
        cast({{ date_expr }} as date)
    {%- elif grain == 'week' -%}
        {%- set week_start = flywheel_setting('week_start_isodow') | int -%}
        cast({{ dbt.dateadd(
            'day',
            '-1 * ((' ~ iso_day_of_week(date_expr) ~ ' + ' ~ (7 - week_start) ~ ') % 7)',
            date_expr
        ) }} as date)
    {%- elif grain == 'month' -%}
        cast({{ dbt.date_trunc('month', date_expr) }} as date)
    {%- else -%}
        {{ exceptions.raise_compiler_error("period_start: grain must be day, week or month, got " ~ grain) }}
    {%- endif -%}
{%- endmacro %}

{#- Number of whole periods of `grain` from period start start_expr to period start end_expr (integer). -#}
{% macro periods_between(grain, start_expr, end_expr) -%}
    {%- if grain == 'day' -%}
        cast({{ dbt.datediff(start_expr, end_expr, 'day') }} as integer)
    {%- elif grain == 'week' -%}
        {{ integer_divide('cast(' ~ dbt.datediff(start_expr, end_expr, 'day') ~ ' as integer)', 7) }}
    {%- else -%}
        cast({{ dbt.datediff(start_expr, end_expr, 'month') }} as integer)
    {%- endif -%}
{%- endmacro %}

{#- Last day of the period of `grain` that starts on start_expr (a date). -#}
{% macro period_end(grain, start_expr) -%}
    {%- if grain == 'day' -%}
        cast({{ start_expr }} as date)
    {%- elif grain == 'week' -%}
        cast({{ dbt.dateadd('day', 6, start_expr) }} as date)
    {%- else -%}
        cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 1, start_expr)) }} as date)
    {%- endif -%}
{%- endmacro %}

{#- ISO day of the week of a date (1 = Monday .. 7 = Sunday), an integer. -#}
{% macro iso_day_of_week(date_expr) -%}
    {{ return(adapter.dispatch('iso_day_of_week', 'flywheel')(date_expr)) }}
{%- endmacro %}

{% macro default__iso_day_of_week(date_expr) -%}
    cast(extract(isodow from {{ date_expr }}) as integer)
{%- endmacro %}

{% macro spark__iso_day_of_week(date_expr) -%}
    cast(extract(dayofweek_iso from {{ date_expr }}) as integer)
{%- endmacro %}
