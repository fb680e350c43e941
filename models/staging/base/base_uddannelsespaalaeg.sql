-- Person intervals of education orders (R14); see macro base_person_intervals.
{{ base_person_intervals('uddannelsespaalaeg') }}
