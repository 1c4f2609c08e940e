{#-
    Pre-hook of an incremental model keyed by user key: in an incremental run,
    delete the rows of anonymous user keys (`anon:<anonymous_id>`) that `source`
    no longer has: their events now belong to a signed-in user (stitching is
    retroactive). Identified keys never vanish. Nothing on a full build.
-#}
{% macro delete_vanished_user_keys(source='dim_users') -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where
            user_key like 'anon:%'
            and user_key not in (
                select kept.user_key from {{ ref(source) }} as kept
                where kept.user_key like 'anon:%'
            )
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
