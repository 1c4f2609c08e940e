{#-
    event_time (metrics.md "Time and identity"), Segment's clock-skew
    correction: received_at - (sent_at - timestamp) when all three are present;
    else timestamp; else received_at. All inputs are UTC timestamps.
-#}
{% macro event_time(client_ts, sent_at, received_at) -%}
    case
        when {{ client_ts }} is not null and {{ sent_at }} is not null and {{ received_at }} is not null
            then {{ received_at }} - ({{ sent_at }} - {{ client_ts }})
        when {{ client_ts }} is not null then {{ client_ts }}
        else {{ received_at }}
    end
{%- endmacro %}
