-- Register tass_samtale: an interview per slot (3 % of the jobcentre slots
-- doubled on the same day), its type, contact form, holder and status. Remote
-- forms are more common in the first-interview exceptions (R10: everywhere
-- in the corona periods, in the trial municipalities' periods).
create or replace temp table out_tass_samtale as
with doubled as (
    select
        interview_slots.*,
        0 as dup
    from interview_slots
    union all
    select
        slot.*,
        1 as dup
    from interview_slots as slot
    where slot.src = 'J' and u(slot.idx, slot.k * 10 + slot.slot, 'dup') < 0.03
),

keyed as (
    select
        *,
        k * 100 + slot * 10 + dup as interview_key,
        in_exception_everywhere(dt) as corona
    from doubled
),

typed as (
    select
        *,
        -- focus courses: 'C' counts (R21), 'N' does not (cancelled, no-show,
        -- other type, letter/e-mail)
        case
            when planned_outcome = 'N'
                then (
                    case
                        when u(idx, interview_key, 'fnm') < 0.65 then 'AFLYST_UDEBLEVET'
                        when u(idx, interview_key, 'fnm') < 0.85 then 'TYPE'
                        else 'FORM'
                    end
                )
        end as miss,
        case
            when planned_outcome = 'C' then 'JOBSAMTALE'
            when planned_outcome = 'N'
                then (
                    case
                        when
                            u(idx, interview_key, 'fnm') < 0.65
                            or u(idx, interview_key, 'fnm') >= 0.85
                            then 'JOBSAMTALE'
                        when u(idx, interview_key, 'ty') < 0.6 then 'CV_SAMTALE'
                        else 'RAADIGHEDSSAMTALE'
                    end
                )
            when dup = 1
                then (
                    case
                        when u(idx, interview_key, 'ty') < 0.5 then 'CV_SAMTALE'
                        else 'JOBSAMTALE'
                    end
                )
            when src = 'J'
                then (
                    case
                        when u(idx, interview_key, 'ty') < 0.88 then 'JOBSAMTALE'
                        when u(idx, interview_key, 'ty') < 0.93 then 'FAELLESSAMTALE'
                        when u(idx, interview_key, 'ty') < 0.955 then 'RAADIGHEDSSAMTALE'
                        when u(idx, interview_key, 'ty') < 0.98 then 'CV_SAMTALE'
                        else 'GRUPPEMOEDE'
                    end
                )
            else (
                case
                    when u(idx, interview_key, 'ty') < 0.88 then 'JOBSAMTALE'
                    when u(idx, interview_key, 'ty') < 0.93 then 'CV_SAMTALE'
                    when u(idx, interview_key, 'ty') < 0.97 then 'RAADIGHEDSSAMTALE'
                    else 'FAELLESSAMTALE'
                end
            )
        end as samtaletype,
        u(idx, interview_key, 'kf') as ukf
    from keyed
),

formed as (
    select
        *,
        case
            when planned_outcome = 'C' and corona
                then (
                    case
                        when ukf < 0.26 then 'FREMMOEDE'
                        when ukf < 0.66 then 'DIGITALT'
                        else 'TELEFON'
                    end
                )
            when planned_outcome = 'C'
                then (
                    case
                        when ukf < 0.58 then 'FREMMOEDE'
                        when ukf < 0.79 then 'DIGITALT'
                        else 'TELEFON'
                    end
                )
            when miss = 'FORM' then (case when ukf < 0.5 then 'BREV' else 'EMAIL' end)
            when corona
                then (
                    case
                        when ukf < 0.25 then 'FREMMOEDE'
                        when ukf < 0.65 then 'DIGITALT'
                        when ukf < 0.98 then 'TELEFON'
                        when ukf < 0.99 then 'BREV'
                        else 'EMAIL'
                    end
                )
            when src = 'J' and trial_allows_digital(muni_p, dt)
                then (
                    case
                        when ukf < 0.45 then 'FREMMOEDE'
                        when ukf < 0.85 then 'DIGITALT'
                        when ukf < 0.97 then 'TELEFON'
                        when ukf < 0.985 then 'BREV'
                        else 'EMAIL'
                    end
                )
            when src = 'J' and first_of_src and dup = 0
                then (
                    case
                        when ukf < 0.85 then 'FREMMOEDE'
                        when ukf < 0.91 then 'DIGITALT'
                        when ukf < 0.97 then 'TELEFON'
                        when ukf < 0.985 then 'BREV'
                        else 'EMAIL'
                    end
                )
            else (
                case
                    when ukf < 0.55 then 'FREMMOEDE'
                    when ukf < 0.75 then 'DIGITALT'
                    when ukf < 0.95 then 'TELEFON'
                    when ukf < 0.975 then 'BREV'
                    else 'EMAIL'
                end
            )
        end as kontaktform,
        case
            when src = 'A' then 'AKASSE'
            when samtaletype = 'FAELLESSAMTALE' and u(idx, interview_key, 'af') < 0.4 then 'AKASSE'
            else 'JOBCENTER'
        end as afholdt_af,
        case
            when planned_outcome = 'C' or miss in ('TYPE', 'FORM') then 'AFHOLDT'
            when miss = 'AFLYST_UDEBLEVET'
                then (
                    case when u(idx, interview_key, 'st') < 0.6 then 'AFLYST' else 'UDEBLEVET' end
                )
            when u(idx, interview_key, 'st') < 0.93 then 'AFHOLDT'
            when u(idx, interview_key, 'st') < 0.97 then 'AFLYST'
            else 'UDEBLEVET'
        end as status
    from typed
)

select
    'S' || lpad(formed.idx::varchar, {{ gen.id_width }}, '0') || '-'
    || formed.k || formed.src || formed.slot
    || case when formed.dup = 1 then 'b' else '' end as samtale_id,
    formed.pid as person_id,
    formed.dt as samtale_dato,
    formed.samtaletype,
    formed.kontaktform,
    formed.afholdt_af,
    case
        when formed.afholdt_af = 'JOBCENTER' then coalesce(addresses.kommune, persons.m1::smallint)
    end as kommune_kode,
    case when formed.afholdt_af = 'AKASSE' then formed.ak end as a_kasse,
    formed.status
from formed
inner join persons on formed.idx = persons.idx
left join addresses
    on
        formed.idx = addresses.idx
        and formed.dt between addresses.fra and coalesce(addresses.til, date '9999-12-31')
