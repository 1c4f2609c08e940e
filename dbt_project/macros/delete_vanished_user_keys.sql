{#-
    Pre-hook of an incremental model keyed by tenant and user key: in an incremental run,
    delete the rows of user keys that `source` no longer has: an anonymous key
    (`anon:<anonymous_id>`) whose events now belong to a signed-in user
    (stitching is retroactive), or a key whose events were all retracted (a
    removed landing file). Nothing on a full build.
-#}
{% macro delete_vanished_user_keys(source='dim_users') -%}
    {%- if is_incremental() -%}
        delete from {{ this }} as stored
        where not exists (
            select 1 from {{ ref(source) }} as kept
            where kept.tenant_id = stored.tenant_id and kept.user_key = stored.user_key
        )
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
