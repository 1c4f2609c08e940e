{#-
    The value of a Flywheel product setting. Settings live once, in config/*.yml;
    Flywheel passes them to every dbt run as vars
    (flywheel_pipeline/transform/dbt_vars.py) and this project holds no copy of
    them. Without them, dbt stops here (at parse time) and says how to pass them.
-#}
{% macro flywheel_setting(name) -%}
    {%- set value = var(name, none) -%}
    {%- if value is none -%}
        {{ exceptions.raise_compiler_error(
            "dbt var '" ~ name ~ "' is not set. Flywheel's product settings live in "
            ~ "config/*.yml and reach dbt as vars: run dbt through `flywheel dbt <command> "
            ~ "[dbt arguments]` (for example `flywheel dbt build --select fct_events`), "
            ~ "or pass the output of `flywheel dbt-vars` with --vars."
        ) }}
    {%- endif -%}
    {{- return(value) -}}
{%- endmacro %}
