"""Admin pieces every app may use (servicedesk imports no app)."""


class RecordedByThePortal:
    """Rows the portal writes (runs, alerts, keys): staff read them, never add or edit one."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnly(RecordedByThePortal):
    """Rows that are evidence (the inquiry log, measurements, signing keys): not deleted either."""

    def has_delete_permission(self, request, obj=None):
        return False
