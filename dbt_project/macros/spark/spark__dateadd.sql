{#-
    Override of dbt-spark's macro of the same name (1.11) for days and weeks:
    one `timestampadd` instead of dbt-spark's per-row arithmetic on unix
    seconds with null assertions (same result: a timestamp, the time of day
    kept, in the session time zone UTC). On the sample's retention and segment
    models that expression was most of the build. Other date parts are
    dbt-spark's own.
-#}
{% macro spark__dateadd(datepart, interval, from_date_or_timestamp) -%}
    {%- if datepart in ['day', 'week'] -%}
        timestampadd(DAY, cast(({{ interval }}) * {{ 7 if datepart == 'week' else 1 }} as int), {{ from_date_or_timestamp }})
    {%- else -%}
        {{ dbt.spark__dateadd(datepart, interval, from_date_or_timestamp) }}
    {%- endif -%}
{%- endmacro %}
