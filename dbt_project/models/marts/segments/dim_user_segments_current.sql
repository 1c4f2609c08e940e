{#-
    dim_user_segments_current: the segments each user is in as of the last
    computed date of their tenant (a view over fct_user_segments, is_current).
    One row per tenant, user key, segment type and segment.
-#}
{{ config(materialized='view') }}

with

memberships as (

    select * from {{ ref('fct_user_segments') }}
    where is_current

),

final as (

    select
        tenant_id,
        user_key,
        segment_type,
        segment,
        valid_from as member_since
    from memberships

)

select * from final
