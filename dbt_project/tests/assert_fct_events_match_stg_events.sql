{{ config(meta={'dagster': {'ref': {'name': 'fct_events'}}}) }}

-- Every deduplicated event reaches fct_events exactly once (no event lost or
-- duplicated by stitching or by incremental runs).
with stg as (select count(*) as n from {{ ref('stg_events') }}),

fct as (select count(*) as n from {{ ref('fct_events') }})

select
    stg.n as stg_events,
    fct.n as fct_events
from stg cross join fct
where stg.n <> fct.n
