{% macro report_rejected_rows(results) %}
    {%- if execute and flags.WHICH in ['run', 'build'] -%}
        {%- set built = results | selectattr('node.resource_type', 'equalto', 'model')
            | map(attribute='node.name') | list -%}
        {%- set staging_built = [] -%}
        {%- for name in built if name.startswith('base_') -%}
            {%- do staging_built.append(name) -%}
        {%- endfor -%}
        {%- if staging_built -%}
            {%- set counts = adapter.get_relation(target.database, 'staging', 'stg_register_row_counts') -%}
            {%- set rejects = adapter.get_relation(target.database, 'staging', 'stg_rejected_rows') -%}
            {%- if counts is not none and rejects is not none -%}
                {%- set rows = run_query(
                    "select counts.register, counts.raw_row_count, counts.rejected_row_count,"
                    ~ " string_agg(format('{:,} {}', reasons.n, reasons.reject_reason), ', '"
                    ~ " order by reasons.n desc, reasons.reject_reason)"
                    ~ " from " ~ counts ~ " as counts"
                    ~ " inner join (select register, reject_reason, count(*) as n from " ~ rejects
                    ~ " group by all) as reasons on counts.register = reasons.register"
                    ~ " group by all order by counts.register"
                ).rows -%}
                {%- for row in rows -%}
                    {{ log(row[0] ~ ": " ~ "{:,}".format(row[2]) ~ " of " ~ "{:,}".format(row[1])
                        ~ " rows rejected: " ~ row[3], info=True) }}
                {%- endfor -%}
            {%- endif -%}
            {%- set cross = adapter.get_relation(target.database, 'intermediate', 'int_cross_register_rejects') -%}
            {%- if cross is not none and 'int_cross_register_rejects' in built -%}
                {%- for row in run_query(
                    "select register, reject_reason, count(*) from " ~ cross ~ " group by all order by all"
                ).rows -%}
                    {{ log(row[0] ~ ": " ~ "{:,}".format(row[2]) ~ " rows implausible read with another register: "
                        ~ row[1] ~ " (int_cross_register_rejects)", info=True) }}
                {%- endfor -%}
            {%- endif -%}
        {%- endif -%}
    {%- endif -%}
{% endmacro %}
