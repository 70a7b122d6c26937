"""What staff read across the portfolio: the search of affiliations and members, the staff file
of one affiliation (household, timeline, billing, dunning, pots, cases), and the dashboards'
figures (cases per guarantee per week, service-level attainment per team, premiums against
claims paid and the loss ratio, households at a pot's limit).

Read-only: the queries are in the read models `search_queries`, `affiliation_file_queries` and
`dashboard_queries` (every function takes a unit of work, a reader, runs dialect-neutral
SQLAlchemy Core that gives the same answer on SQLite and PostgreSQL); they return the frozen
values of `search`, `affiliation_file` and `dashboards`.
The arithmetic (calendar buckets, percentages, the loss ratio) is pure, in `figures`.
Psychological content (Art. 11.2) is never read here: no note, no narrative.
"""
