{#-
    Pre-hook of fct_user_segments: in an incremental run, delete the runs that
    start on or after the earliest date int_user_segment_days recomputed in
    this dbt invocation (they are rebuilt from it). Nothing on a full build.
-#}
{% macro delete_segment_runs_from_recompute_start() -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where valid_from >= (
            select min(segment_days.as_of_date)
            from {{ ref('int_user_segment_days') }} as segment_days
            where segment_days.dbt_invocation_id = '{{ invocation_id }}'
        )
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
