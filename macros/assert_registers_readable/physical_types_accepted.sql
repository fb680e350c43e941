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
