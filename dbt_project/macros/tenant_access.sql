{#-
    Access control per tenant on PostgreSQL (docs/tenants.md "Access control").

    `flywheel access apply` runs the operation grant_tenant_access once: it
    creates a group role per configured tenant (flywheel_tenant_<id>), the
    analyst role (flywheel_analyst: every row), the role both belong to
    (flywheel_reader), and flywheel_access.visible_tenants(role), which says
    which tenants a role may read; then it protects every mart and reporting
    relation already built. From then on every build of a mart or reporting
    model protects it again in its post-hook (a rebuilt table starts without
    policies): row-level security with one policy, `tenant_id is one of the
    reader's tenants`, and views that run with the reader's rights
    (security_invoker), so a view never reads past the policy. On DuckDB (one
    file, no roles) both are no-ops.
-#}

{% macro apply_tenant_access() -%}
    {{ return(adapter.dispatch('apply_tenant_access', 'flywheel')()) }}
{%- endmacro %}

{% macro default__apply_tenant_access() -%}
    select 1
{%- endmacro %}

{% macro postgres__apply_tenant_access() -%}
    {%- if execute and this.schema in ('marts', 'reporting') -%}
        do $flywheel$
        begin
            if to_regprocedure('flywheel_access.visible_tenants(name)') is not null then
                {{ protect_relation(this, model.config.materialized == 'view') }}
            end if;
        end
        $flywheel$
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}

{#- The statements that protect one relation (inside a DO block). -#}
{% macro protect_relation(relation, is_view) -%}
    {%- if is_view %}
        alter view {{ relation }} set (security_invoker = true);
    {%- else %}
        alter table {{ relation }} enable row level security;
        drop policy if exists flywheel_tenant_rows on {{ relation }};
        create policy flywheel_tenant_rows on {{ relation }} for select
            using (
                pg_has_role(current_user, 'flywheel_analyst', 'member')
                or tenant_id = any(flywheel_access.visible_tenants(current_user))
            );
    {%- endif %}
        grant select on {{ relation }} to flywheel_reader;
{%- endmacro %}

{#-
    Operation `grant_tenant_access` (PostgreSQL only): `tenants` is the list of
    configured tenant ids (config/tenants.yml, validated: a-z, 0-9, _).
    Idempotent: run it again after adding a tenant.
-#}
{% macro grant_tenant_access(tenants) -%}
    {%- if target.type != 'postgres' -%}
        {{ exceptions.raise_compiler_error(
            "access control needs the PostgreSQL warehouse (FLYWHEEL_DBT_TARGET=postgres); "
            ~ "a DuckDB file has no roles: give each tenant its own export or database instead") }}
    {%- endif -%}
    {%- set roles = ['flywheel_reader', 'flywheel_analyst'] -%}
    {%- for tenant in tenants -%}{%- do roles.append('flywheel_tenant_' ~ tenant) -%}{%- endfor -%}
    {%- set sql -%}
        do $flywheel$
        begin
            {%- for role in roles %}
            if not exists (select 1 from pg_roles where rolname = '{{ role }}') then
                create role {{ role }} nologin;
            end if;
            {%- endfor %}
            {%- for role in roles[1:] %}
            grant flywheel_reader to {{ role }};
            {%- endfor %}
        end
        $flywheel$;
        create schema if not exists flywheel_access;
        revoke all on schema flywheel_access from public;
        create table if not exists flywheel_access.tenant_roles (
            role_name name primary key,
            tenant_id text
        );
        revoke all on flywheel_access.tenant_roles from public;
        delete from flywheel_access.tenant_roles;
        insert into flywheel_access.tenant_roles (role_name, tenant_id) values
            {%- for tenant in tenants %}
            ('flywheel_tenant_{{ tenant }}', {{ sql_literal(tenant) }}){{ ',' if not loop.last }}
            {%- endfor %};
        -- the tenants a role may read: those of the tenant roles it is a member of
        create or replace function flywheel_access.visible_tenants(reader name)
        returns text[] language sql stable security definer
        set search_path = pg_catalog, flywheel_access
        as $body$
            select coalesce(array_agg(tenant_roles.tenant_id), array[]::text[])
            from flywheel_access.tenant_roles
            where pg_has_role(reader, tenant_roles.role_name, 'member')
        $body$;
        revoke all on function flywheel_access.visible_tenants(name) from public;
        grant usage on schema flywheel_access to flywheel_reader;
        grant execute on function flywheel_access.visible_tenants(name) to flywheel_reader;
        grant usage on schema marts, reporting to flywheel_reader;
    {%- endset -%}
    {%- do run_query(sql) -%}
    {%- set found = run_query(
        "select table_schema, table_name, table_type from information_schema.tables"
        ~ " where table_schema in ('marts', 'reporting')") -%}
    {%- for row in found -%}
        {%- set relation = api.Relation.create(database=target.database, schema=row[0], identifier=row[1]) -%}
        {%- do run_query("do $flywheel$ begin " ~ protect_relation(relation, row[2] == 'VIEW') ~ " end $flywheel$") -%}
    {%- endfor -%}
    {{ log("tenant access: roles " ~ roles | join(', ') ~ "; " ~ found | length ~ " relations protected", info=true) }}
{%- endmacro %}
