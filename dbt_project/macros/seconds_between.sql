{#-
    Seconds (double precision, fractions kept) from timestamp start_ts to
    end_ts.
-#}
{% macro seconds_between(start_ts, end_ts) -%}
    {{ return(adapter.dispatch('seconds_between', 'flywheel')(start_ts, end_ts)) }}
{%- endmacro %}

{% macro default__seconds_between(start_ts, end_ts) -%}
    cast(extract(epoch from ({{ end_ts }} - {{ start_ts }})) as {{ type_double() }})
{%- endmacro %}

{#- Spark: microseconds since the epoch of each (timestamps without zone are UTC here). -#}
{% macro spark__seconds_between(start_ts, end_ts) -%}
    cast(
        unix_micros(cast({{ end_ts }} as timestamp)) - unix_micros(cast({{ start_ts }} as timestamp))
        as double
    ) / 1000000
{%- endmacro %}
