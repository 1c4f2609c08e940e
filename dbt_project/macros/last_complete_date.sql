{#-
    The last complete date (metrics.md "Time and identity"): the day before
    the newest arrival day. A scalar subquery of type date.
-#}
{% macro last_complete_date() -%}
    (select cast({{ dbt.dateadd('day', -1, 'max(arrival_date)') }} as date) from {{ ref('stg_events') }})
{%- endmacro %}
