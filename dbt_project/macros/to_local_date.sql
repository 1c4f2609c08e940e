{#-
    Calendar date of a UTC timestamp (without zone) in the project time zone
    (var project_timezone, IANA name), or in the tenant's own time zone where
    config/tenants.yml overrides it (var tenant_timezones; `tenant_column`
    names the row's tenant_id). Same SQL on DuckDB (ICU) and PostgreSQL.
-#}
{% macro to_local_date(ts_utc, tenant_column='tenant_id') -%}
    {%- set overrides = flywheel_setting('tenant_timezones') -%}
    {%- if overrides -%}
        case {{ tenant_column }}
        {%- for tenant, tz in overrides | dictsort %}
            when {{ sql_literal(tenant) }} then {{ local_date_in(ts_utc, tz) }}
        {%- endfor %}
            else {{ local_date_in(ts_utc, flywheel_setting('project_timezone')) }}
        end
    {%- else -%}
        {{ local_date_in(ts_utc, flywheel_setting('project_timezone')) }}
    {%- endif -%}
{%- endmacro %}

{#- Calendar date of a UTC timestamp (without zone) in the IANA time zone `tz`. -#}
{% macro local_date_in(ts_utc, tz) -%}
    {{ return(adapter.dispatch('local_date_in', 'flywheel')(ts_utc, tz)) }}
{%- endmacro %}

{% macro spark__local_date_in(ts_utc, tz) -%}
    {%- if tz | upper in ('UTC', 'ETC/UTC') -%}
        cast({{ ts_utc }} as date)
    {%- else -%}
        cast(from_utc_timestamp(cast({{ ts_utc }} as timestamp), {{ sql_literal(tz) }}) as date)
    {%- endif -%}
{%- endmacro %}

{% macro default__local_date_in(ts_utc, tz) -%}
    {%- if tz | upper in ('UTC', 'ETC/UTC') -%}
        cast({{ ts_utc }} as date)
    {%- else -%}
        cast((({{ ts_utc }}) at time zone 'UTC') at time zone {{ sql_literal(tz) }} as date)
    {%- endif -%}
{%- endmacro %}
