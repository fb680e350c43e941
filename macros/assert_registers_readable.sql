{#-
    on-run-start check of the data contract (../shared/spec/registers.md):
    every register declared in source `registers` must exist as
    <raw_dir>/<register>.parquet, be a readable Parquet file and carry every
    contracted column in a physical type that can hold the contract's type
    (the source column's data_type; macro physical_types_accepted). Runs for
    `dbt run` and `dbt build` (the commands that read registers) and stops
    them before any model is built, listing every problem in one message,
    each naming register, file and column, e.g.
      register 'tass_samtale': file 'data/raw/tass_samtale.parquet' has no column 'kontaktform'
      register 'cpr_person': file 'data/raw/cpr_person.parquet' is not a readable Parquet file
      register 'cpr_person': file '…' column 'foedselsdato' has type BIGINT, expected DATE
    A register of var `required_registers` without rows stops the build too
    (the measures would be meaningless); another empty register warns.
    Extra columns are allowed and ignored. raw_dir is data: it is quoted as a
    SQL string literal (sql_string), never pasted into SQL.
-#}
{% macro assert_registers_readable() %}
    {%- if execute and flags.WHICH in ['run', 'build'] -%}
        {%- set problems = [] -%}
        {%- set raw_dir = var('raw_dir') -%}
        {%- for node in graph.sources.values() | sort(attribute='name') if node.source_name == 'registers' -%}
            {%- set path = raw_dir ~ '/' ~ node.name ~ '.parquet' -%}
            {%- set where = "register '" ~ node.name ~ "': file '" ~ path ~ "'" -%}
            {%- set files = run_query(
                "select count(*), bool_and(size >= 12 and content[1:4] = 'PAR1'::blob"
                ~ " and content[size - 3:size] = 'PAR1'::blob) from read_blob(" ~ sql_string(path) ~ ")"
            ).rows[0] -%}
            {%- if files[0] == 0 -%}
                {%- do problems.append(where ~ " not found") -%}
            {%- elif not files[1] -%}
                {%- do problems.append(where ~ " is not a readable Parquet file") -%}
            {%- else -%}
                {%- set described = run_query(
                    "select lower(column_name), column_type from (describe select * from read_parquet("
                    ~ sql_string(path) ~ "))"
                ) -%}
                {%- set present = {} -%}
                {%- for row in described.rows -%}
                    {%- do present.update({row[0]: row[1]}) -%}
                {%- endfor -%}
                {%- for column_name, column in node.columns.items() -%}
                    {%- set expected = column.data_type | upper -%}
                    {%- if column_name | lower not in present -%}
                        {%- do problems.append(where ~ " has no column '" ~ column_name ~ "'") -%}
                    {%- elif not physical_type_is_accepted(present[column_name | lower], expected) -%}
                        {%- do problems.append(
                            where ~ " column '" ~ column_name ~ "' has type " ~ present[column_name | lower]
                            ~ ", expected " ~ expected
                        ) -%}
                    {%- endif -%}
                {%- endfor -%}
                {%- set row_count = run_query("select count(*) from read_parquet(" ~ sql_string(path) ~ ")").rows[0][0] -%}
                {%- if row_count == 0 -%}
                    {%- if node.name in var('required_registers') -%}
                        {%- do problems.append(where ~ " has no rows: the measures need it") -%}
                    {%- else -%}
                        {%- do exceptions.warn(where ~ " has no rows") -%}
                    {%- endif -%}
                {%- endif -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if problems | length > 0 -%}
            {{ exceptions.raise_compiler_error(
                "The raw registers do not follow the data contract (raw_dir = '" ~ raw_dir ~ "'):\n  - "
                ~ problems | join("\n  - ")
            ) }}
        {%- endif -%}
    {%- endif -%}
    select 1
{% endmacro %}

{#- A value as a SQL string literal: apostrophes doubled, so a value is never executed as SQL. -#}
{% macro sql_string(value) -%}
    '{{ value | string | replace("'", "''") }}'
{%- endmacro %}

{#-
    The physical Parquet types (as DuckDB names them) that can hold each
    contract type: the staging models cast them per value, and a present value
    whose cast fails is quarantined as `unparseable_<column>`. A type outside
    this list (integers where dates belong, a date where hours belong) cannot
    hold the contract's type at all and stops the build. TIMESTAMP WITH TIME
    ZONE is accepted for dates and read as the calendar date in
    Europe/Copenhagen (the TimeZone setting of profiles.yml), the same on every
    machine.
-#}
{% macro physical_types_accepted() -%}
    {%- set integers = ['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT',
        'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'UHUGEINT'] -%}
    {{ return({
        'VARCHAR': ['VARCHAR'],
        'DATE': ['DATE', 'TIMESTAMP', 'TIMESTAMP_S', 'TIMESTAMP_MS', 'TIMESTAMP_NS',
            'TIMESTAMP WITH TIME ZONE', 'VARCHAR'],
        'DECIMAL': ['DECIMAL', 'FLOAT', 'DOUBLE', 'VARCHAR'] + integers,
        'SMALLINT': ['VARCHAR'] + integers,
        'BOOLEAN': ['BOOLEAN', 'VARCHAR'],
    }) }}
{%- endmacro %}

{#- True when a physical type can hold the contract type (DECIMAL(p,s) matched by its family). -#}
{% macro physical_type_is_accepted(physical_type, contract_type) -%}
    {%- set family = contract_type.split('(')[0] -%}
    {{ return(physical_type.split('(')[0] in physical_types_accepted().get(family, [])) }}
{%- endmacro %}
