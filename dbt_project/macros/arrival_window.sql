{#-
    Predicate selecting rows whose arrival day is in the run's window
    (vars min_arrival_date / max_arrival_date, inclusive). With no window set,
    every row matches. Used by incremental models to find newly arrived data.
-#}
{% macro arrival_window(column) -%}
    {%- set lo = var('min_arrival_date') -%}
    {%- set hi = var('max_arrival_date') -%}
    {%- if lo is none and hi is none -%}
        1 = 1
    {%- else -%}
        {{ column }} between cast('{{ lo or hi }}' as date) and cast('{{ hi or lo }}' as date)
    {%- endif -%}
{%- endmacro %}

{#-
    arrival_window() in an incremental run, `1 = 1` on a full build (which takes
    every arrival day).
-#}
{% macro incremental_arrival_window(column) -%}
    {%- if is_incremental() -%}{{ arrival_window(column) }}{%- else -%}1 = 1{%- endif -%}
{%- endmacro %}
