"""Who may see what and who may act: the one home of the access rules that every interface
asks (the portal, the back office, the admin, Open311).

`access.rules` holds the predicates (roles, cases and their files, permits, SKRD,
complaints, planning, the admin's regions); `access.views` the staff views' decorator
`roles_required`. The package sits above the domain apps, whose models it reads, and below
the interfaces; it has no models. A rule that a domain function needs too (to refuse an
actor) lives once in that domain app and `access.rules` imports it from there, saying so.
"""
