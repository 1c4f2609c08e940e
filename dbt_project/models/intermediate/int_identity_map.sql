{#-
    int_identity_map: one row per anonymous_id that was ever seen together with
    a user_id, mapped to the EARLIEST such user_id (by event_time, ties by
    message_id) - metrics.md "user key (stitched identity)". Identify calls and
    any event carrying both ids count.

    Incremental: candidates are the pairs that arrived in the run's window plus
    the current mapping of the same anonymous_ids; the earliest wins.
-#}
{{
    config(
        materialized='incremental',
        unique_key='anonymous_id',
        incremental_strategy='delete+insert',
        tags=['arrival_window'],
        meta={'flywheel_settings': ['inactive_events', 'project_timezone']},
    )
}}

with

new_links as (

    select
        anonymous_id,
        user_id,
        event_time as linked_at,
        message_id as link_message_id
    from {{ ref('stg_events') }}
    where
        anonymous_id is not null
        and user_id is not null
        and {{ incremental_arrival_window('arrival_date') }}

),

candidates as (

    select * from new_links
    {% if is_incremental() %}
        union all
        select
            current_map.anonymous_id,
            current_map.user_id,
            current_map.first_linked_at as linked_at,
            current_map.first_link_message_id as link_message_id
        from {{ this }} as current_map
        where current_map.anonymous_id in (select new_links.anonymous_id from new_links)
    {% endif %}

),

ranked as (

    select
        *,
        row_number() over (
            partition by anonymous_id order by linked_at, link_message_id
        ) as link_rank
    from candidates

),

final as (

    select
        anonymous_id,
        user_id,
        linked_at as first_linked_at,
        link_message_id as first_link_message_id
    from ranked
    where link_rank = 1

)

select * from final
