-- Person intervals of registration as job seeker (R7, R11); see macro base_person_intervals.
{{ base_person_intervals('tass_tilmelding') }}
