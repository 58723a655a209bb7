"""Plot helpers (seaborn style: tidy data first, keyword options, ``ax=None``, return the Axes)."""
