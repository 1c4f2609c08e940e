{#-
    Pre-hook of an incremental model keyed by a date: in an incremental run,
    delete the rows of every date this run recomputes (the touched event dates
    widened by days_before / days_after). delete+insert alone only replaces the
    dates present in the new rows; a date whose rows all disappear (a session
    merged into the previous day's) must be emptied too. Nothing on a full build.
-#}
{% macro delete_touched_dates(column, days_before=0, days_after=0) -%}
    {%- if is_incremental() -%}
        delete from {{ this }} where {{ column }} in ({{ touched_event_dates(days_before, days_after) }})
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
