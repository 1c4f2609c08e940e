{#-
    int_identity_map: one row per tenant and anonymous_id that was ever seen
    together with a user_id, mapped to the EARLIEST such user_id of the same
    tenant (identity never stitches across tenants) (by event_time, ties by
    message_id) - metrics.md "user key (stitched identity)". Identify calls and
    any event carrying both ids count.

    Incremental: the anonymous_ids of pairs that arrived in the run's window,
    or whose pair was retracted by a reload of a window day, are mapped again
    from every pair staged for them; a mapping whose last pair was retracted
    is deleted.
-#}
-- depends_on: {{ source('raw', 'events_retracted') }}
{{
    config(
        materialized='incremental',
        unique_key=['tenant_id', 'anonymous_id'],
        incremental_strategy='delete+insert',
        tags=['arrival_window'],
        meta={'flywheel_settings': ['default_tenant', 'inactive_events', 'project_timezone', 'tenant_timezones']},
        pre_hook="{{ delete_retracted_links() }}",
    )
}}

with

links as (

    select
        tenant_id,
        anonymous_id,
        user_id,
        event_time as linked_at,
        message_id as link_message_id,
        arrival_date
    from {{ ref('stg_events') }}
    where anonymous_id is not null and user_id is not null

),

{% if is_incremental() %}
affected as (

    select anonymous_id from links
    where {{ arrival_window('arrival_date') }}
    union
    select anonymous_id from (
        {{ retracted_events('retracted.anonymous_id, retracted.user_id') }}
    ) as retracted_links
    where anonymous_id is not null and user_id is not null

),
{% endif %}

candidates as (

    select links.* from links
    {% if is_incremental() %}
        where links.anonymous_id in (select affected.anonymous_id from affected)
    {% endif %}

),

ranked as (

    select
        *,
        row_number() over (
            partition by tenant_id, anonymous_id order by linked_at, link_message_id
        ) as link_rank
    from candidates

),

final as (

    select
        tenant_id,
        anonymous_id,
        user_id,
        linked_at as first_linked_at,
        link_message_id as first_link_message_id
    from ranked
    where link_rank = 1

)

select * from final
