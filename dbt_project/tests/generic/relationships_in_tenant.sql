{#-
    dbt's `relationships` within a tenant: every non-null `column_name` of a
    row has a row of `to` with the same tenant_id and `field` (keys are tenant
    x id, config/tenants.yml; an id of another tenant does not count).
-#}
{% test relationships_in_tenant(model, column_name, to, field) %}
select child.tenant_id, child.{{ column_name }}
from {{ model }} as child
where
    child.{{ column_name }} is not null
    and not exists (
        select 1 from {{ to }} as parent
        where parent.tenant_id = child.tenant_id and parent.{{ field }} = child.{{ column_name }}
    )
{% endtest %}
