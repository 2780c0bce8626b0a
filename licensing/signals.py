"""What licensing tells the apps built on it, without importing them."""

from django.dispatch import Signal

# Sent inside the transaction of `workflow.application_move` when a case ends issued,
# rejected or cancelled (`workflow.SURVEY_AFTER`), with `application=`. `feedback`
# sends the applicant's survey link on it.
application_ended = Signal()
