"""Reminders: a daily stretching time, its calendar file, and desk breaks with their notices."""
