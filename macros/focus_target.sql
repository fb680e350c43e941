{#-
    R22: the total of an a-kasse is the unweighted mean of its monthly shares
    over the months in which it had at least one person; months without
    persons (blank in the published table) are skipped. Used by
    mart_focus_target_summary on the computed months and by the R23 test on
    the memo's published months, so both apply the same rule.
-#}
{% macro focus_target_mean(share_column, has_persons_condition) -%}
    avg({{ share_column }}) filter (where {{ has_persons_condition }})
{%- endmacro %}
