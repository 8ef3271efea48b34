"""The one-line notice every view shows: supple guides stretching, it is not medical advice."""

from __future__ import annotations

# Shown on first run and on the home screen (clinical.md, "Responsible health software").
NOT_MEDICAL_ADVICE = (
    "supple is a stretching guide, not medical advice, and does not replace a clinician. "
    "After an injury or surgery, or in pregnancy, check with one before you start."
)
