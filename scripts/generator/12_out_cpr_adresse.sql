-- Register cpr_adresse: the address history.
create or replace temp table out_cpr_adresse as
select
    pid as person_id,
    kommune as kommune_kode,
    fra as fra_dato,
    til as til_dato
from addresses
