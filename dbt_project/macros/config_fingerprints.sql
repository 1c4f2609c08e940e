{#-
    Incremental models remember the configuration they were built under, so a
    run never mixes rows computed under an old funnel, segment threshold, time
    zone or session timeout with rows computed under the new one.

    Each incremental model lists, in `meta.flywheel_settings`, every setting
    its rows depend on (its own and its parents'; a unit test checks the list).
    After it is built, its post-hook records the fingerprint of each
    (flywheel_meta.config_fingerprints, one row per model and setting). Before
    any model runs, the on-run-start check compares the recorded fingerprints of
    the selected incremental models with this run's (var config_fingerprints)
    and fails naming every model and setting that changed. A full refresh
    rebuilds them and is not checked. docs/decisions.md, "Configuration changes".
-#}

{% macro config_fingerprints_relation() -%}
    {{- return(api.Relation.create(database=(none if target.type == 'spark' else target.database), schema='flywheel_meta', identifier='config_fingerprints')) -}}
{%- endmacro %}

{#- on-run-start hook: the table of recorded fingerprints (the hook's SQL, committed by dbt). -#}
{% macro create_config_fingerprints_table() -%}
    {%- set relation = config_fingerprints_relation() -%}
    {%- if execute -%}{%- do adapter.create_schema(relation) -%}{%- endif -%}
    {%- if target.type == 'spark' -%}
        {#- plain parquet has no delete: one partition per model, dropped by
            forget, overwritten by record -#}
        create table if not exists {{ relation }} (
            setting_name string,
            fingerprint string,
            recorded_at timestamp,
            model_relation string
        ) using parquet partitioned by (model_relation)
    {%- else -%}
        create table if not exists {{ relation }} (
            model_relation varchar(256),
            setting_name varchar(128),
            fingerprint varchar(64),
            recorded_at timestamp
        )
    {%- endif -%}
{%- endmacro %}

{#- on-run-start hook, after the table exists: fails the run on a configuration change. -#}
{% macro check_config_fingerprints() -%}
    {%- if not execute or flags.FULL_REFRESH -%}{{ return('') }}{%- endif -%}
    {%- set current = flywheel_setting('config_fingerprints') -%}
    {%- set recorded = {} -%}
    {%- for row in run_query("select model_relation, setting_name, fingerprint from " ~ config_fingerprints_relation()) -%}
        {%- do recorded.setdefault(row[0], {}).update({row[1]: row[2]}) -%}
    {%- endfor -%}
    {%- set problems = [] -%}
    {%- for node in graph.nodes.values()
        if node.resource_type == 'model'
        and node.config.materialized == 'incremental'
        and node.unique_id in selected_resources -%}
        {%- set relation = adapter.get_relation(node.database, node.schema, node.alias) -%}
        {%- if relation is not none -%}
            {%- set key = node.schema ~ '.' ~ node.alias -%}
            {%- set built = recorded.get(key) -%}
            {%- for setting in node.config.meta.get('flywheel_settings', []) -%}
                {%- if built is none -%}
                    {%- do problems.append(key ~ " (built before configuration fingerprints were recorded)") if loop.first -%}
                {%- elif built.get(setting) != current[setting]['fingerprint'] -%}
                    {%- do problems.append(key ~ " (" ~ setting ~ ", from " ~ current[setting]['source'] ~ ")") -%}
                {%- endif -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if problems -%}
        {{ exceptions.raise_compiler_error(
            "The configuration changed since these incremental models were built: "
            ~ problems | join(', ')
            ~ ". Rebuilding only new days would mix rows of the old and the new definition, so "
            ~ "nothing was run. Rebuild their history: in Dagster, launch the dbt assets with the "
            ~ "run config `full_refresh: true` (docs/operations.md); outside Dagster, "
            ~ "`flywheel dbt build --full-refresh`."
        ) }}
    {%- endif -%}
    {{- return('') -}}
{%- endmacro %}

{#- Post-hooks of every model (dbt_project.yml); empty unless the model is incremental. -#}
{% macro forget_config_fingerprints() -%}
    {%- if model.config.materialized == 'incremental' and target.type == 'spark' -%}
        alter table {{ config_fingerprints_relation() }}
        drop if exists partition (model_relation = '{{ this.schema ~ "." ~ this.identifier }}')
    {%- elif model.config.materialized == 'incremental' -%}
        delete from {{ config_fingerprints_relation() }}
        where model_relation = '{{ this.schema ~ "." ~ this.identifier }}'
    {%- endif -%}
{%- endmacro %}

{% macro record_config_fingerprints() -%}
    {%- set settings = model.config.meta.get('flywheel_settings', []) -%}
    {%- if model.config.materialized == 'incremental' and settings -%}
        {%- set current = flywheel_setting('config_fingerprints') -%}
        {%- set model_relation = this.schema ~ "." ~ this.identifier -%}
        {%- if target.type == 'spark' %}
        {#- a dynamic partition overwrite stages its files in a folder of its own:
            two models recording at once (threads) never share Hadoop's
            _temporary folder, as two plain inserts into the table would -#}
        insert overwrite table {{ config_fingerprints_relation() }} partition (model_relation)
        select setting_name, fingerprint, {{ dbt.current_timestamp() }}, model_relation
        from values
        {%- for setting in settings %}
            ('{{ model_relation }}', '{{ setting }}', '{{ current[setting]["fingerprint"] }}'){{ "," if not loop.last }}
        {%- endfor %}
            as recorded (model_relation, setting_name, fingerprint)
        {%- else %}
        insert into {{ config_fingerprints_relation() }} (model_relation, setting_name, fingerprint, recorded_at)
        values
        {%- for setting in settings %}
            ('{{ model_relation }}', '{{ setting }}',
            '{{ current[setting]["fingerprint"] }}', {{ dbt.current_timestamp() }}){{ "," if not loop.last }}
        {%- endfor %}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}
