-- Register tass_overgang: the handovers of courses_enriched.
create or replace temp table out_tass_overgang as
select
    pid as person_id,
    p as indplaceringsdato,
    overgang as overgangsdato
from courses_enriched
where overgang is not null
