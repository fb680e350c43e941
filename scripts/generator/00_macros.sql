-- DuckDB macros of the sample generator, created once per run.
{%- macro on_day(day, period) %}
    {{ day }} >= date '{{ period.valid_from or "0001-01-01" }}'
    and {{ day }} <= date '{{ period.valid_to or "9999-12-31" }}'
{%- endmacro %}
-- u(a, b, c): a uniform number in [0, 1) from the run's seed and three keys;
-- every random decision of the generator is one u() with its own salt.
create or replace macro u(a, b, c) as
(hash({{ gen.seed }}::bigint, a, b, c) % 1000000007)::double / 1000000007.0;

-- date + integer offset (date + bigint does not bind)
create or replace macro dadd(d, n) as d + (n)::integer;

-- weekdays (Mon-Fri) in [1900-01-01, d): 1900-01-01 was a Monday
create or replace macro wd_before(d) as
5 * ((d - date '1900-01-01') // 7) + least((d - date '1900-01-01') % 7, 5);

-- weekdays in [a, b], both inclusive
create or replace macro wd(a, b) as
case when b < a then 0 else wd_before(b + 1) - wd_before(a) end;

-- the date of weekday number i (0 = 1900-01-01), inverse of wd_before
create or replace macro wd_date(i) as
date '1900-01-01' + (7 * ((i) // 5) + (i) % 5)::integer;

-- an element of a list, picked by a uniform x
create or replace macro pick(lst, x) as
lst[1 + least(floor(x * len(lst))::int, len(lst) - 1)];

-- a weighted a-kasse from a uniform x (weights: the generator's a-kasse mix)
create or replace macro pick_a_kasse(x) as
case
    {%- for a_kasse, upper in gen.a_kasse_cumulative %}
        when x < {{ upper }} then '{{ a_kasse }}'
    {%- endfor %}
    else '{{ gen.a_kasse_last }}'
end;

-- a municipality: a few boosted codes, else uniform over every known code
-- (seed municipalities)
create or replace macro pick_municipality(key, salt) as
case
    {%- for code, upper in gen.municipality_boost %}
        when u(key, 0, salt) < {{ upper }} then {{ code }}
    {%- endfor %}
    else {{ gen.municipalities }}[
        1 + floor(u(key, 0, salt || '_x') * {{ gen.municipality_count }})::int
    ]
end;

-- municipality m allows a digital first interview on day d: a trial
-- municipality's first-interview exception (R10, seed of the exceptions)
create or replace macro trial_allows_digital(m, d) as
{%- for period in gen.trial_digital_periods %}
    {% if not loop.first %}or {% endif -%}
    (list_contains({{ period.codes }}, m) and {{ on_day('d', period) }})
{%- endfor %};

-- day d lies in a first-interview exception that holds everywhere (the
-- corona periods, R10)
create or replace macro in_exception_everywhere(d) as
{%- for period in gen.everywhere_periods %}
    {% if not loop.first %}or {% endif -%}
    ({{ on_day('d', period) }})
{%- endfor %};
