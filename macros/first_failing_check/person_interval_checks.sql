{% macro person_interval_checks(from_var='plausible_date_from', unparseable=[]) -%}
    {{ return([
        (is_blank('person_id'), 'missing_person_id'),
    ] + unparseable_checks([('fra_dato', 'valid_from'), ('til_dato', 'valid_to')] + unparseable) + [
        ('valid_from is null', 'missing_start_date'),
        ('valid_to < valid_from', 'end_before_start'),
        (is_implausible_date('valid_from', from_var) ~ ' or ' ~ is_implausible_date('valid_to', from_var), 'implausible_date'),
    ]) }}
{%- endmacro %}
