-- Person intervals of sick pay (R11); see macro base_person_intervals.
{{ base_person_intervals(
    'kmd_sygedagpenge',
    [('is_partly_recovered', 'try_cast(source.delvis_raskmeldt as boolean)', 'delvis_raskmeldt')]
) }}
