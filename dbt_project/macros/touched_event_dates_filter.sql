{#-
    In an incremental run, a `where` clause keeping only the event dates that
    this run must recompute (int_touched_event_dates); nothing on a full build.
    A model using it also needs `-- depends_on: {{ ref('int_touched_event_dates') }}`
    because dbt does not see refs made inside macros.
-#}
{% macro touched_event_dates_filter(column='event_date') -%}
    {%- if is_incremental() -%}
        where {{ column }} in (select touched.event_date from {{ ref('int_touched_event_dates') }} as touched)
    {%- endif -%}
{%- endmacro %}
