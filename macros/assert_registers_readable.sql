{#-
    on-run-start check of the data contract (../shared/spec/registers.md):
    every register declared in source `registers` must exist as
    <raw_dir>/<register>.parquet and carry every contracted column.
    Runs for `dbt run` and `dbt build` (the commands that read registers) and
    stops them before any model is built, naming the register, the file and the
    missing column, e.g.
      register 'tass_samtale': file 'data/raw/tass_samtale.parquet' has no column 'kontaktform'
    Extra columns are allowed and ignored.
-#}
{% macro assert_registers_readable() %}
    {%- if execute and flags.WHICH in ['run', 'build'] -%}
        {%- set problems = [] -%}
        {%- set raw_dir = var('raw_dir') -%}
        {%- for node in graph.sources.values() | sort(attribute='name') if node.source_name == 'registers' -%}
            {%- set path = raw_dir ~ '/' ~ node.name ~ '.parquet' -%}
            {%- set found = run_query("select count(*) from glob('" ~ path ~ "')").columns[0].values()[0] -%}
            {%- if found == 0 -%}
                {%- do problems.append("register '" ~ node.name ~ "': file '" ~ path ~ "' not found") -%}
            {%- else -%}
                {%- set described = run_query("select column_name from (describe select * from read_parquet('" ~ path ~ "'))") -%}
                {%- set present = described.columns[0].values() | map('lower') | list -%}
                {%- for column_name in node.columns -%}
                    {%- if column_name | lower not in present -%}
                        {%- do problems.append("register '" ~ node.name ~ "': file '" ~ path ~ "' has no column '" ~ column_name ~ "'") -%}
                    {%- endif -%}
                {%- endfor -%}
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
