{#-
    Calendar date of a UTC timestamp (without zone) in the project time zone
    (var project_timezone, IANA name). Same SQL on DuckDB (ICU) and PostgreSQL.
-#}
{% macro to_local_date(ts_utc) -%}
    {%- set tz = flywheel_setting('project_timezone') -%}
    {%- if tz | upper in ('UTC', 'ETC/UTC') -%}
        cast({{ ts_utc }} as date)
    {%- else -%}
        cast((({{ ts_utc }}) at time zone 'UTC') at time zone {{ sql_literal(tz) }} as date)
    {%- endif -%}
{%- endmacro %}
