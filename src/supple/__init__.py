"""supple: a stretching coach for lower back and hip pain."""

__version__ = "0.1.0"
