{#-
    One row per calendar day, column date_day, from start_expr to end_expr
    inclusive. Both are SQL expressions of type date (subqueries allowed), so
    the bounds are read at run time. Covers up to max_days days.
-#}
{% macro date_spine_between(start_expr, end_expr, max_days=16384) -%}
    select cast({{ dbt.dateadd('day', 'series.generated_number - 1', 'bounds.start_date') }} as date) as date_day
    from ({{ dbt.generate_series(max_days) }}) as series
    cross join (
        select {{ start_expr }} as start_date, {{ end_expr }} as end_date
    ) as bounds
    where series.generated_number - 1 <= cast({{ dbt.datediff('bounds.start_date', 'bounds.end_date', 'day') }} as integer)
{%- endmacro %}

{#-
    One row per tenant and calendar day (columns tenant_id, date_day), from the
    tenant's first to its last `column` in `relation`. Covers up to max_days days.
-#}
{% macro tenant_date_spine(relation, column='event_date', max_days=16384) -%}
    select
        bounds.tenant_id,
        cast({{ dbt.dateadd('day', 'series.generated_number - 1', 'bounds.start_date') }} as date) as date_day
    from ({{ dbt.generate_series(max_days) }}) as series
    cross join (
        select
            tenant_id,
            min({{ column }}) as start_date,
            max({{ column }}) as end_date
        from {{ relation }}
        group by tenant_id
    ) as bounds
    where series.generated_number - 1 <= cast({{ dbt.datediff('bounds.start_date', 'bounds.end_date', 'day') }} as integer)
{%- endmacro %}
