-- metrics.md "Engagement" invariant: DAU <= WAU <= MAU on every date.
select *
from {{ ref('metrics_daily') }}
where not (dau <= wau and wau <= mau)
