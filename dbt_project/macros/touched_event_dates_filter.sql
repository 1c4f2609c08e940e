{#-
    In an incremental run, a `where` clause keeping only the event dates that
    this run must recompute: the dates of int_touched_event_dates, widened by
    days_before / days_after neighbours (a session or a window that crosses
    midnight); nothing on a full build.
    A model using it also needs `-- depends_on: {{ ref('int_touched_event_dates') }}`
    because dbt does not see refs made inside macros.
-#}
{% macro touched_event_dates_filter(column='event_date', days_before=0, days_after=0) -%}
    {%- if is_incremental() -%}
        where {{ column }} in ({{ touched_event_dates(days_before, days_after) }})
    {%- endif -%}
{%- endmacro %}

{#- The touched event dates and their neighbours, as a one-column (event_date) query. -#}
{% macro touched_event_dates(days_before=0, days_after=0) -%}
    {%- for offset in range(-days_before, days_after + 1) %}
        select cast({{ dbt.dateadd('day', offset, 'touched.event_date') }} as date) as event_date
        from {{ ref('int_touched_event_dates') }} as touched
        {% if not loop.last %}union{% endif %}
    {%- endfor %}
{%- endmacro %}
