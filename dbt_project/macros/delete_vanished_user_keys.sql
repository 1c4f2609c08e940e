{#-
    Pre-hook of an incremental model keyed by user key: in an incremental run,
    delete the rows of user keys that dim_users no longer has (an anonymous key
    whose events now belong to a signed-in user). Nothing on a full build.
-#}
{% macro delete_vanished_user_keys() -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where user_key not in (select users.user_key from {{ ref('dim_users') }} as users)
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
