-- Register taeller_dagpengeperiode: one row per course (placement).
create or replace temp table out_taeller_dagpengeperiode as
select
    pid as person_id,
    p as indplaceringsdato,
    sidste_dag
from courses
