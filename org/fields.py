"""Model fields for identity numbers: stored compact, typed with separators."""

from django.db import models


class CompactNumberField(models.CharField):
    """NIK, NIB, NPWP, phone: people type dots, dashes and spaces that are removed on save.

    The form accepts a few more characters than the column holds, so the model's
    normaliser, not a length check, judges the value.
    """

    def formfield(self, **kwargs):
        kwargs.setdefault("max_length", self.max_length + 8)
        return super().formfield(**kwargs)
