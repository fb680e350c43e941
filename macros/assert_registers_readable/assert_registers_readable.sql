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
