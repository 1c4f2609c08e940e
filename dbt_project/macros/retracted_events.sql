{#-
    Retracted raw events of the run's arrival window (source raw.events_retracted,
    docs/decisions.md "Corrections propagate"): versions of events that a reload
    of their arrival day no longer holds as they were. Empty on a full build,
    which reads the current raw rows only.

    An incremental model calls it as it is. A model rebuilt whole in every run
    (int_touched_event_dates, a table) passes `in_window=true`: the retractions
    of the run's window whenever a window is set, whatever the model's own
    materialization (is_incremental() is false there, and the dates of
    retracted versions must still count as touched).
-#}
{% macro retracted_events(columns='message_id', in_window=false) -%}
    {%- set windowed = var('min_arrival_date') is not none or var('max_arrival_date') is not none -%}
    select {{ columns }}
    from {{ source('raw', 'events_retracted') }} as retracted
    {%- if in_window %}
    where {{ arrival_window('retracted._arrival_date') }}
    {%- if not windowed %} and 1 = 0{% endif %}
    {%- else %}
    where {{ incremental_arrival_window('retracted._arrival_date') }}
    {%- if not is_incremental() %} and 1 = 0{% endif %}
    {%- endif %}
{%- endmacro %}

{#-
    Pre-hook of stg_events: in an incremental run, delete the staged copies of
    retracted events; the model re-picks each one from the raw rows still there.
-#}
{% macro delete_retracted_events() -%}
    {%- if is_incremental() -%}
        delete from {{ this }} where message_id in ({{ retracted_events('retracted.message_id') }})
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}

{#-
    Pre-hook of int_identity_map: in an incremental run, delete the mappings of
    anonymous_ids whose pair was retracted; the model maps them again from the
    pairs still staged (none left: the mapping stays deleted).
-#}
{% macro delete_retracted_links() -%}
    {%- if is_incremental() -%}
        delete from {{ this }} where anonymous_id in (
            {{ retracted_events('retracted.anonymous_id') }}
            and retracted.user_id is not null
        )
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}

{#-
    True in an incremental run whose arrival window holds retracted events.
    The models that carry state beyond touched dates (dim_users' first touch,
    fct_funnel_progress' counted attempts) then recompute every key: a
    correction is rare, and removing an event can change what an earlier run
    kept (docs/decisions.md "Corrections propagate").
-#}
{% macro retractions_in_window() -%}
    {%- if not execute or not is_incremental() -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set found = run_query(
        'select count(*) from (' ~ retracted_events('retracted.message_id') ~ ') as found'
    ) -%}
    {{ return(found.columns[0].values()[0] > 0) }}
{%- endmacro %}

{#-
    Pre-hook of a model that recomputes every key when its window holds
    retracted events: empty it first, so that keys with nothing left (a user
    whose every funnel entry was retracted) go too.
-#}
{% macro delete_all_when_retracted() -%}
    {%- if retractions_in_window() -%}
        delete from {{ this }}
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
