"""Staff's side of the project: two-factor sign-in (django-otp) and the supervisors' page of
recent changes across the apps.

It sits above the apps, like the root URLs: it reads their history tables; no app imports it.
The staff roles themselves are groups created by ``servicedesk/migrations/0001_staff_groups``.
"""
