{#-
    Seconds (double precision, fractions kept) from timestamp start_ts to
    end_ts. Same SQL on DuckDB and PostgreSQL.
-#}
{% macro seconds_between(start_ts, end_ts) -%}
    cast(extract(epoch from ({{ end_ts }} - {{ start_ts }})) as double precision)
{%- endmacro %}
