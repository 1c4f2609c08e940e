{#-
    Passes when no two rows share the same values of `combination` (the grain
    of a model whose key spans several columns). As dbt_utils', written here
    because dbt packages cannot be installed offline.
-#}
{% test unique_combination_of_columns(model, combination) %}
select {{ combination | join(', ') }}, count(*) as n_rows
from {{ model }}
group by {{ combination | join(', ') }}
having count(*) > 1
{% endtest %}
