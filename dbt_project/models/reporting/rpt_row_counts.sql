{#-
    rpt_row_counts: one row per warehouse table of the pipeline's main path and
    tenant, with its row count. The first section of `flywheel summary`.
-#}

-- a table, not a view: tenant roles read its rows (row-level security), not raw and staging
{{ config(materialized='table') }}

{%- set tables = [
    ('staging.stg_events', ref('stg_events')),
    ('marts.fct_events', ref('fct_events')),
    ('marts.fct_user_daily', ref('fct_user_daily')),
    ('marts.dim_users', ref('dim_users')),
    ('marts.metrics_daily', ref('metrics_daily')),
    ('marts.fct_sessions', ref('fct_sessions')),
    ('marts.fct_funnel_progress', ref('fct_funnel_progress')),
    ('marts.retention_cohorts', ref('retention_cohorts')),
    ('intermediate.int_user_segment_days', ref('int_user_segment_days')),
] %}

with

counts as (

    select
        {{ tenant_of('tenant_id') }} as tenant_id,
        0 as table_order,
        'raw.events' as table_name,
        count(*) as row_count
    from {{ source('raw', 'events') }}
    group by {{ tenant_of('tenant_id') }}
    {%- for name, relation in tables %}
        union all
        select
            tenant_id,
            {{ loop.index }} as table_order,
            '{{ name }}' as table_name,
            count(*) as row_count
        from {{ relation }}
        group by tenant_id
    {%- endfor %}

)

select * from counts
