-- Register cpr_person: one row per person.
create or replace temp table out_cpr_person as
select
    pid as person_id,
    birth as foedselsdato
from persons
